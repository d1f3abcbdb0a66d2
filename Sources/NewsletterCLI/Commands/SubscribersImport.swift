import ArgumentParser
import Foundation
import NewsletterCore

/// `newsletter subscribers import FILE.csv [--confirmed]`
struct SubscribersImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a CSV (a header row with 'email', optionally 'name'; other columns kept as attributes).",
        discussion: """
        Rows are streamed and committed in batches. Bad rows are reported with their line \
        numbers and the good ones import. Addresses that unsubscribed, bounced, complained or \
        were erased are never re-added or re-confirmed.

        Example:
          newsletter subscribers import people.csv --confirmed
        """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The CSV file.") var file: String
    @Flag(help: "The people in the file already agreed (e.g. a list moved from another tool).") var confirmed = false

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory)
            guard exists, !isDirectory.boolValue, let handle = FileHandle(forReadingAtPath: file) else {
                throw CLIError("The CSV file \(file) cannot be read: \(!exists ? "no such file" : isDirectory.boolValue ? "it is a folder" : "permission denied").")
            }
            defer { try? handle.close() }
            let report = try await ImportSubscribers(into: env.stores().subscribers, topics: env.settings.topics).run(file: file, confirmed: confirmed, now: env.now) {
                do {
                    return try handle.read(upToCount: 1 << 20)
                } catch {
                    throw CLIError("The CSV file \(file) cannot be read: \((error as NSError).localizedDescription).")
                }
            }
            var parts = ["\(report.alreadyPresent) already on the list"]
            if report.optedOut > 0 { parts.append("\(report.optedOut) unsubscribed, bounced or complained (left as they were)") }
            if report.suppressed > 0 { parts.append("\(report.suppressed) erased earlier (left out)") }
            parts.append("\(report.invalid.count) invalid")
            console.print("Imported \(report.added) new subscriber\(report.added == 1 ? "" : "s") from \(report.rows) rows of \(file) as \(confirmed ? "confirmed" : "pending"): \(parts.joined(separator: ", ")).")
            for problem in report.invalid.prefix(50) { console.warning("\(file) line \(problem.line): \(problem.reason)") }
            if report.invalid.count > 50 { console.warning("\(file): \(report.invalid.count - 50) more invalid rows not shown") }
        }
    }
}
