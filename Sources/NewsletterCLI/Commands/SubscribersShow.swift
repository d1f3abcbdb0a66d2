import ArgumentParser
import Foundation
import NewsletterCore

/// `newsletter subscribers show EMAIL [--json]`: everything stored about one person.
struct SubscribersShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show everything stored about one person, with the consent log (a data export).",
        discussion: "Example:\n  newsletter subscribers show sam@example.com --json"
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The address.") var email: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            let store = try env.stores().subscribers
            try await store.endPauses(now: env.now)
            guard let subscriber = try await store.subscriber(email) else {
                throw StoreError.unknownSubscriber(email.trimmingCharacters(in: .whitespaces))
            }
            let events = try await store.events(of: subscriber)
            if json {
                guard case .object(var members) = SubscriberOutput.json(subscriber) else { return }
                members.append(("events", .array(events.map(SubscriberOutput.json))))
                console.print(JSONValue.object(members).render())
                return
            }
            console.print("email:     \(subscriber.email)\nname:      \(subscriber.name ?? "-")\nstatus:    \(subscriber.status.rawValue)")
            console.print("created:   \(UTCFormat.iso8601(subscriber.created))\nconfirmed: \(subscriber.confirmed.map(UTCFormat.iso8601) ?? "-")")
            console.print("cadence:   \(subscriber.cadence.rawValue) (\(subscriber.cadence.label))\npaused:    \(subscriber.pausedUntil.map { "until " + UTCFormat.iso8601($0) } ?? "no")")
            console.print("topics:    \(subscriber.topics.isEmpty ? "all" : subscriber.topics.joined(separator: ", "))")
            for (k, v) in subscriber.attributes.sorted(by: { $0.key < $1.key }) { console.print("\(k): \(v)") }
            console.print("consent log:")
            for e in events {
                var line = "  \(UTCFormat.iso8601(Date(timeIntervalSince1970: e.at)))  \(e.action)"
                if let to = e.newStatus { line += " → \(to.rawValue)" }
                line += "  (\(e.source.rawValue)\(e.ip.map { ", \($0)" } ?? ""))"
                if let detail = e.detail { line += "  \(detail)" }
                console.print(line)
            }
        }
    }
}
