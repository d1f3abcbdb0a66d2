import Foundation

/// Copying every table of one store into another, a page at a time in key order (constant
/// memory): the use case behind `newsletter store copy` (SQLite to PostgreSQL and back).
public struct CopyStore: Sendable {
    /// The tables that must be empty in the target: a copy never merges two lists.
    public static let guardedTables: Set<String> = ["subscriber", "event", "issue", "suppression"]

    /// One table's rows on both sides after the copy.
    public struct Count: Sendable, Equatable {
        public var table: String
        public var source: Int
        public var target: Int
        /// The counts differ (the target's own `setting` rows are replaced, not added to).
        public var differs: Bool { source != target && table != "setting" }
    }

    public enum Failure: Error, Equatable {
        /// The target already holds rows of this table.
        case targetNotEmpty(table: String)
    }

    public let source: any StoreDump
    public let target: any StoreDump
    public var batch = 2000

    public init(from source: any StoreDump, to target: any StoreDump) {
        self.source = source
        self.target = target
    }

    /// Copies every table, parents first; `progress` hears "table: copied of total".
    public func run(progress: (String) -> Void = { _ in }) async throws -> [Count] {
        for table in StoreTable.all where Self.guardedTables.contains(table.name) {
            if try await target.count(table) > 0 { throw Failure.targetNotEmpty(table: table.name) }
        }
        for table in StoreTable.all {
            let keyIndexes = table.key.map { name in table.columns.firstIndex { $0.name == name }! }
            var after: [StoreValue]?
            var copied = 0
            let total = try await source.count(table)
            while true {
                let rows = try await source.rows(of: table, after: after, limit: batch)
                if rows.isEmpty { break }
                try await target.insert(rows, into: table)
                copied += rows.count
                after = keyIndexes.map { rows[rows.count - 1][$0] }
                progress("\(table.name): \(copied) of \(total)")
                if rows.count < batch { break }
            }
        }
        try await target.finishCopy()
        var counts: [Count] = []
        for table in StoreTable.all { counts.append(Count(table: table.name, source: try await source.count(table), target: try await target.count(table))) }
        return counts
    }
}
