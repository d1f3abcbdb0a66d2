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

    func run() async throws {
        let console = Console()
        var mismatched = false
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            guard to != env.databasePath else { throw CLIError("--to names the store being copied (\(to)); give another one.") }
            let source = try dump(env.databasePath, env: env, create: false)
            let target = try dump(to, env: env, create: true)
            let progress = ProgressLine(enabled: isatty(2) == 1)
            let counts: [CopyStore.Count]
            do {
                counts = try await CopyStore(from: source, to: target).run { progress.note($0) }
            } catch CopyStore.Failure.targetNotEmpty(let table) {
                throw CLIError("The target store \(Self.shown(to)) is not empty (its \(table) table has rows); copy only into a new, empty store.")
            }
            progress.finish()
            var lines = ["table            source   target"]
            for count in counts {
                if count.differs { mismatched = true }
                lines.append(count.table.padding(toLength: 15, withPad: " ", startingAt: 0) + String(format: "%8d %8d", count.source, count.target) + (count.differs ? "  differs" : ""))
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
