import ArgumentParser
import Foundation
import NewsletterCore

extension SubscriberStatus: ExpressibleByArgument {}
extension Cadence: ExpressibleByArgument {}

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
            let store = try env.stores().subscribers
            try await store.endPauses(now: env.now)
            try await Streamer.write(store: store, status: status, json: json, console: console) { SubscriberOutput.line($0) }
        }
    }
}
