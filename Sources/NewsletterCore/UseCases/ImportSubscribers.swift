import Foundation

/// A CSV import, streamed: records parsed a chunk at a time and handed to the store's
/// import session (constant memory, committed in batches); a bad row is reported with its
/// line while the good rows import. The use case behind `subscribers import` and the console's upload.
public struct ImportSubscribers: Sendable {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// Not even a header row.
        case empty(file: String)

        public var description: String {
            switch self {
            case .empty(let file): "The CSV file \(file) is empty: it has no header row."
            }
        }
    }

    let imports: any SubscriberImports
    /// Checks a `topics` column (keys separated by `;`); with no topics configured the
    /// column is left out.
    let topics: TopicCatalog

    public init(into imports: any SubscriberImports, topics: TopicCatalog = .none) {
        self.imports = imports
        self.topics = topics
    }

    /// Imports the CSV whose bytes `nextChunk` returns a chunk at a time (nil at the end);
    /// `file` names it in sentences. Throws `SubscriberCSV.HeaderError` for a header without
    /// an email column.
    public func run(file: String, confirmed: Bool, now: Date, nextChunk: () throws -> Data?) async throws -> ImportReport {
        let session = try await imports.importer(confirmed: confirmed, now: now)
        var parser = CSVParser()
        var mapper: SubscriberCSV?
        // Records of one chunk are parsed, then handed to the store (which may await).
        var records: [CSVParser.Record] = []
        func handOver() async throws {
            for record in records {
                guard let map = mapper else {
                    mapper = try SubscriberCSV(header: record, file: file)
                    continue
                }
                switch map.row(record) {
                case .success(var row):
                    var column = ""
                    if let given = row.attributes.removeValue(forKey: "topics"), !topics.isEmpty {
                        do {
                            column = TopicColumn.encode(try topics.parse(given, separators: [";", ","]))
                        } catch let error as TopicError {
                            session.reject(line: record.line, reason: "the topics column: \(error)")
                            continue
                        }
                    }
                    try await session.add(ImportRow(line: record.line, email: row.email, name: row.name, attributes: row.attributes, topics: column))
                case .failure(let problem):
                    session.reject(line: problem.line, reason: problem.reason)
                }
            }
            records.removeAll(keepingCapacity: true)
        }
        while let chunk = try nextChunk(), !chunk.isEmpty {
            chunk.withUnsafeBytes { raw in
                parser.feed(raw.bindMemory(to: UInt8.self)) { records.append($0) }
            }
            try await handOver()
        }
        parser.finish { records.append($0) }
        try await handOver()
        guard mapper != nil else { throw Failure.empty(file: file) }
        return try await session.finish()
    }
}
