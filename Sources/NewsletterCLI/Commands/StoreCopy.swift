import ArgumentParser
import Foundation
import NewsletterCore
import NewsletterPostgres
import NewsletterStore

/// `newsletter store copy --to DB`: everything, in batches, into an empty store.
struct StoreCopy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy the whole store (subscribers, consent log, suppressions, issues and ledger, social records) into another, empty one.",
        discussion: """
        From NEWSLETTER_DB into DB: a SQLite path or a postgres:// URL (its password from the \\
        URL or NEWSLETTER_DB_PASSWORD). The target must hold no subscribers, log lines or \\
        issues; rows keep their ids, and the counts of both stores are compared at the end.

        Examples:
          newsletter store copy --to postgres://newsletter@db.example:5432/newsletter
          NEWSLETTER_DB=postgres://newsletter@db.example/newsletter newsletter store copy --to backup.sqlite
        """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("The target store: a SQLite path or a postgres:// URL.", valueName: "db")) var to: String

    static let batch = 2000

    func run() async throws {
        let console = Console()
        var mismatched = false
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            guard to != env.databasePath else { throw CLIError("--to names the store being copied (\(to)); give another one.") }
            let source = try dump(env.databasePath, env: env, create: false)
            let target = try dump(to, env: env, create: true)
            let guarded = StoreTable.all.filter { ["subscriber", "event", "issue", "suppression"].contains($0.name) }
            for table in guarded where try await target.count(table) > 0 {
                throw CLIError("The target store \(Self.shown(to)) is not empty (its \(table.name) table has rows); copy only into a new, empty store.")
            }
            let progress = ProgressLine(enabled: isatty(2) == 1)
            for table in StoreTable.all {
                var after: [StoreValue]?
                var copied = 0
                let total = try await source.count(table)
                while true {
                    let rows = try await source.rows(of: table, after: after, limit: Self.batch)
                    if rows.isEmpty { break }
                    try await target.insert(rows, into: table)
                    copied += rows.count
                    let keyIndexes = table.key.map { name in table.columns.firstIndex { $0.name == name }! }
                    after = keyIndexes.map { rows[rows.count - 1][$0] }
                    progress.note("\(table.name): \(copied) of \(total)")
                    if rows.count < Self.batch { break }
                }
            }
            try await target.finishCopy()
            progress.finish()
            var lines = ["table            source   target"]
            for table in StoreTable.all {
                let (a, b) = (try await source.count(table), try await target.count(table))
                // The target's own setting rows (its schema's) are replaced, not added to.
                if a != b && table.name != "setting" { mismatched = true }
                lines.append(table.name.padding(toLength: 15, withPad: " ", startingAt: 0) + String(format: "%8d %8d", a, b) + (a != b && table.name != "setting" ? "  differs" : ""))
            }
            console.print(lines.joined(separator: "\n"))
            console.print(mismatched ? "The counts differ: the copy is not complete." : "Copied \(Self.shown(env.databasePath)) to \(Self.shown(to)); every count matches.")
        }
        if mismatched { throw ExitCode.failure }
    }

    /// A store's tables: SQLite (created when `create`) or PostgreSQL.
    private func dump(_ location: String, env: Environment, create: Bool) throws -> any StoreDump {
        if PostgresURL.isPostgres(location) {
            return PostgresStoreDump(try env.openStores.postgres(location, password: env.settings.databasePassword, leaseSeconds: env.settings.leaseSeconds))
        }
        if !create, !FileManager.default.fileExists(atPath: location) {
            throw CLIError("The store \(location) does not exist; NEWSLETTER_DB names the store to copy.")
        }
        return SQLiteStoreDump(try SQLiteStore(path: location))
    }

    static func shown(_ location: String) -> String {
        PostgresURL.isPostgres(location) ? ((try? PostgresURL(location).description) ?? "the PostgreSQL store") : location
    }
}
