import ArgumentParser
import Foundation
import NewsletterCore
import NewsletterStore

extension SubscriberStatus: ExpressibleByArgument {}

/// `newsletter subscribers list [--status STATUS] [--json]`
struct SubscribersList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List subscribers (email, status, date added, name), streaming from the store.",
        discussion: "Example:\n  newsletter subscribers list --status confirmed --json"
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this status: pending, confirmed, unsubscribed, bounced, complained.") var status: SubscriberStatus?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            try Streamer.write(store: try env.store(), status: status, json: json, console: console) { SubscriberOutput.line($0) }
        }
    }
}

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
            let store = try env.store()
            if format == .json {
                try Streamer.write(store: store, status: nil, json: true, console: console) { _ in "" }
                return
            }
            console.print("email,name,status,created,confirmed,attributes")
            try Streamer.write(store: store, status: nil, json: false, console: console) { s in
                let attributes = s.attributes.isEmpty ? "" : SubscriberOutput.attributes(s).render(pretty: false)
                return [s.email, s.name ?? "", s.status.rawValue, ISODate.string(s.created), s.confirmed.map(ISODate.string) ?? "", attributes]
                    .map(SubscriberCSV.field).joined(separator: ",")
            }
        }
    }
}

/// Writes the list a page at a time, so memory stays flat however long the list is.
enum Streamer {
    static func write(store: SQLiteSubscriberStore, status: SubscriberStatus?, json: Bool, console: Console, line: (Subscriber) -> String) throws {
        var buffer = ""
        var first = true
        if json { buffer = "[" }
        try store.forEach(status: status, batchSize: 2000) { s in
            if json {
                buffer += (first ? "\n  " : ",\n  ") + SubscriberOutput.json(s).render(pretty: false)
            } else {
                buffer += line(s) + "\n"
            }
            first = false
            if buffer.utf8.count > 64 * 1024 {
                console.write(buffer)
                buffer = ""
            }
        }
        if json { buffer += first ? "]\n" : "\n]\n" }
        console.write(buffer)
    }
}
