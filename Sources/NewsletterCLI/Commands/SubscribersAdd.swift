import ArgumentParser
import Foundation
import NewsletterCore
import NewsletterStore

/// `newsletter subscribers add EMAIL [--name NAME] [--confirmed]`
struct SubscribersAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a subscriber; without --confirmed they are pending until they confirm the email sent to them.",
        discussion: """
        Examples:
          newsletter subscribers add sam@example.com --name "Sam Reader"
          newsletter subscribers add staff@clinic.example --confirmed
        """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The address.") var email: String
    @Option(help: "The person's name, for the greeting.") var name: String?
    @Flag(help: "Add as confirmed (only for people who already agreed); no confirmation email.") var confirmed = false

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            let store = try env.store()
            let outcome = try store.add(email, name: name, confirmed: confirmed, source: .cli, now: env.now)
            let subscriber: Subscriber
            switch outcome {
            case .created(let s):
                subscriber = s
            case .existing(let s, let previous):
                subscriber = s
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
            let mailer = try env.mailer()
            try await mailer.sendConfirmation(to: subscriber, store: store, now: env.now)
            console.print("Added \(subscriber.email) as pending; a confirmation email went to \(mailer.transportDescription).")
        }
    }
}

/// `newsletter subscribers confirm TOKEN`
struct SubscribersConfirm: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm",
        abstract: "Confirm a subscription with the token from its confirmation link.",
        discussion: "Example:\n  newsletter subscribers confirm Y3w...Q"
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The token (the last part of the confirmation link).") var token: String

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            let store = try env.store()
            let claim = try SubscriberToken.verify(Self.lastPathComponent(token), purpose: .confirm, secret: try env.tokenSecret(), now: env.now)
            guard try store.subscriber(claim.email) != nil else { throw StoreError.unknownSubscriber(claim.email) }
            guard try store.spendToken(Self.lastPathComponent(token), now: env.now) else {
                throw CLIError("The link has already been used.")
            }
            let subscriber = try store.confirm(claim.email, source: .cli, now: env.now)
            try await env.mailer().sendWelcome(to: subscriber, now: env.now)
            console.print("Confirmed \(subscriber.email); a welcome email is on its way.")
        }
    }

    /// Accepts the whole link as well as the token.
    static func lastPathComponent(_ s: String) -> String {
        String(s.split(separator: "/").last ?? Substring(s))
    }
}

/// `newsletter subscribers unsubscribe EMAIL|TOKEN`
struct SubscribersUnsubscribe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unsubscribe",
        abstract: "Unsubscribe an address, or the holder of an unsubscribe token.",
        discussion: "Example:\n  newsletter subscribers unsubscribe sam@example.com"
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "An address or an unsubscribe token.") var target: String

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            let store = try env.store()
            var email = target
            if !target.contains("@") {
                email = try SubscriberToken.verify(SubscribersConfirm.lastPathComponent(target), purpose: .unsubscribe,
                                                   secret: try env.tokenSecret(), now: env.now).email
            }
            let before = try store.subscriber(email)?.status
            let subscriber = try store.unsubscribe(email, source: .cli, now: env.now)
            console.print(before == .unsubscribed ? "\(subscriber.email) was already unsubscribed." : "Unsubscribed \(subscriber.email).")
        }
    }
}
