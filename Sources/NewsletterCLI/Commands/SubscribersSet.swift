import ArgumentParser
import Foundation
import NewsletterCore

/// `newsletter subscribers set EMAIL [--cadence weekly|each] [--pause-until DATE | --resume] [--name NAME]`
struct SubscribersSet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change a subscriber's cadence, pause or name; each change goes into the consent log.",
        discussion: """
        A pause holds every newsletter to the person until DATE (a date such as 2027-03-01, \\
        or an RFC 3339 time), then mail resumes by itself; --resume ends it now.

        Examples:
          newsletter subscribers set sam@example.com --cadence each
          newsletter subscribers set sam@example.com --pause-until 2027-03-01
          newsletter subscribers set sam@example.com --resume --name "Sam Reader"
        """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The address.") var email: String
    @Option(help: "weekly (the digest) or each (every new post).") var cadence: Cadence?
    @Option(help: ArgumentHelp("Hold every newsletter until this date.", valueName: "date")) var pauseUntil: String?
    @Flag(help: "End a pause now.") var resume = false
    @Option(help: "The person's name (an empty string removes it).") var name: String?
    @Option(help: ArgumentHelp("The topics followed, by key (recovery,family), or all.", valueName: "keys")) var topics: String?

    func validate() throws {
        if pauseUntil != nil && resume { throw ValidationError("--pause-until and --resume cannot be used together.") }
        if cadence == nil && pauseUntil == nil && !resume && name == nil && topics == nil {
            throw ValidationError("Say what to change: --cadence, --pause-until, --resume, --name or --topics.")
        }
        if let pauseUntil, Self.date(pauseUntil) == nil {
            throw ValidationError("--pause-until takes a date such as 2027-03-01 or a time such as 2027-03-01T09:00:00Z, not '\(pauseUntil)'.")
        }
    }

    /// A day (its start, UTC) or an RFC 3339 time.
    static func date(_ text: String) -> Date? {
        if text.count == 10, let day = FeedDate.parseISO8601(text + "T00:00:00Z") { return day }
        return FeedDate.parseISO8601(text)
    }

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            var change = PreferenceChange(cadence: cadence, name: name)
            if let pauseUntil {
                let until = Self.date(pauseUntil)!
                guard until > env.now else { throw CLIError("--pause-until \(pauseUntil) is not in the future; give a later date, or --resume.") }
                change.pause = .until(until)
            }
            if resume { change.pause = .resume }
            if let topics {
                do { change.topics = try env.settings.topics.parse(topics) } catch let error as TopicError { throw CLIError("--topics: \(error)") }
            }
            let updated: Subscriber
            switch try await ManageSubscription(store: env.stores().subscribers).changePreferences(email, change, source: .cli, now: env.now) {
            case .saved(let saved): updated = saved
            case .notOnList(let subscriber):
                throw CLIError("\(subscriber.email) is \(subscriber.status.rawValue); settings change only for someone confirmed or pending (subscribers add asks them to confirm again).")
            }
            var parts = ["cadence \(updated.cadence.rawValue)"]
            parts.append(updated.pausedUntil.map { "paused until \(UTCFormat.iso8601($0))" } ?? "not paused")
            if let name = updated.name { parts.append("name \(name)") }
            if !env.settings.topics.isEmpty || !updated.topics.isEmpty {
                parts.append(updated.topics.isEmpty ? "all topics" : "topics " + updated.topics.joined(separator: ","))
            }
            console.print("\(updated.email): " + parts.joined(separator: ", ") + ".")
        }
    }
}
