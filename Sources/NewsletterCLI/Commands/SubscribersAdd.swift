import ArgumentParser
import Foundation
import NewsletterCore

/// `newsletter subscribers add EMAIL [--name NAME] [--confirmed]`
struct SubscribersAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a subscriber; without --confirmed they are pending until they confirm the email sent to them.",
        discussion: """
        Examples:
          newsletter subscribers add sam@example.com --name "Sam Reader"
          newsletter subscribers add staff@clinic.example --confirmed --cadence each
        """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The address.") var email: String
    @Option(help: "The person's name, for the greeting.") var name: String?
    @Flag(help: "Add as confirmed (only for people who already agreed); no confirmation email.") var confirmed = false
    @Option(help: "weekly (the digest) or each (every new post).") var cadence: Cadence?
    @Option(help: ArgumentHelp("The topics followed, by key (recovery,family), or all (the default).", valueName: "keys")) var topics: String?

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            let service = try env.subscriptions(try env.stores())
            var chosen: [String]?
            if let topics {
                do { chosen = try env.settings.topics.parse(topics) } catch let error as TopicError { throw CLIError("--topics: \(error)") }
            }
            let signUp = try await service.signUp(email, name: name.map { String($0.prefix(SubscriberCSV.maxNameCharacters)) }, confirmed: confirmed, cadence: cadence,
                                                  topics: chosen, source: .cli, limitConfirmations: false, now: env.now)
            let subscriber = signUp.subscriber
            if case .existing(let s, let previous) = signUp.outcome {
                if s.status == .confirmed {
                    console.print("\(s.email) is already subscribed (confirmed).")
                    return
                }
                if previous.isOptedOut { console.print("\(s.email) had \(previous.rawValue); it is pending again until confirmed.") }
            }
            if subscriber.status == .confirmed {
                console.print("Added \(subscriber.email) as confirmed.")
                return
            }
            try await service.sendConfirmation(to: subscriber, now: env.now)
            console.print("Added \(subscriber.email) as pending; a confirmation email went to \(service.mailDestination).")
        }
    }
}
