import ArgumentParser
import Foundation
import NewsletterCore

/// `newsletter subscribers export [--format csv|json]`
struct SubscribersExport: AsyncParsableCommand {
    enum Format: String, ExpressibleByArgument { case csv, json }

    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export every subscriber as CSV (email, name, status, created, confirmed, attributes) or JSON.",
        discussion: "Example:\n  newsletter subscribers export --format csv > subscribers.csv"
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "csv or json.") var format: Format = .csv

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            let store = try env.stores().subscribers
            if format == .json {
                try await Streamer.write(store: store, status: nil, json: true, console: console) { _ in "" }
                return
            }
            console.print(SubscriberCSV.exportHeader)
            try await Streamer.write(store: store, status: nil, json: false, console: console, line: SubscriberCSV.exportLine)
        }
    }
}
