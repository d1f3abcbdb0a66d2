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
            let session = try await env.stores().subscribers.importer(confirmed: confirmed, now: env.now)
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
                    case .success(let row):
                        try await session.add(ImportRow(line: record.line, email: row.email, name: row.name, attributes: row.attributes))
                    case .failure(let problem):
                        session.reject(line: problem.line, reason: problem.reason)
                    }
                }
                records.removeAll(keepingCapacity: true)
            }
            while true {
                let chunk: Data
                do {
                    chunk = try handle.read(upToCount: 1 << 20) ?? Data()
                } catch {
                    throw CLIError("The CSV file \(file) cannot be read: \((error as NSError).localizedDescription).")
                }
                if chunk.isEmpty { break }
                chunk.withUnsafeBytes { raw in
                    parser.feed(raw.bindMemory(to: UInt8.self)) { records.append($0) }
                }
                try await handOver()
            }
            parser.finish { records.append($0) }
            try await handOver()
            guard mapper != nil else { throw CLIError("The CSV file \(file) is empty: it has no header row.") }
            let report = try await session.finish()
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
