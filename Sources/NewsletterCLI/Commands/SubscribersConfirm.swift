import ArgumentParser
import Foundation
import NewsletterCore

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
            let service = try env.subscriptions(try env.stores())
            let subscriber = try await service.confirm(token: Self.lastPathComponent(token), source: .cli, now: env.now)
            try await service.sendWelcome(to: subscriber, now: env.now)
            console.print("Confirmed \(subscriber.email); a welcome email is on its way.")
        }
    }

    /// Accepts the whole link as well as the token.
    static func lastPathComponent(_ s: String) -> String {
        String(s.split(separator: "/").last ?? Substring(s))
    }
}
