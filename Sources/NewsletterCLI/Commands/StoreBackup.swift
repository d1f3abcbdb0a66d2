import ArgumentParser
import Foundation
import NewsletterCore
import NewsletterStore

/// `newsletter store backup FILE`: a consistent copy of the SQLite store, taken while
/// `serve` and a send keep writing.
struct StoreBackup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the SQLite store into FILE, consistently, while other processes write to it.",
        discussion: """
        SQLite's online backup: the copy holds every change committed before it finished \\
        and none half-done. FILE must not exist. To restore, stop `serve` and the timers, \\
        then put the copy in the store's place (NEWSLETTER_DB) with its secret.key beside it. \\
        For PostgreSQL use pg_dump (README: Backups).

        Examples:
          newsletter store backup /var/backups/newsletter-$(date +%F).sqlite
        """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The copy to write (it must not exist).") var file: String

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            guard !env.isPostgres else {
                throw CLIError("NEWSLETTER_DB is a PostgreSQL store; back it up with pg_dump (README: Backups), or copy it into SQLite with newsletter store copy --to FILE.sqlite.")
            }
            guard !FileManager.default.fileExists(atPath: file) else { throw CLIError("\(file) exists already; give a new file name (a backup never overwrites).") }
            guard FileManager.default.fileExists(atPath: env.databasePath) else { throw CLIError("There is no store at \(env.databasePath) to back up.") }
            let started = Date()
            let size = try SQLiteDatabase.backup(from: env.databasePath, to: file)
            console.print(String(format: "Backed up %@ to %@ (%.1f MB) in %.1f s. To restore: stop serve and the timers, then copy it to %@ (with secret.key beside it).",
                                 env.databasePath, file, Double(size) / 1_048_576, Date().timeIntervalSince(started), env.databasePath))
        }
    }
}
