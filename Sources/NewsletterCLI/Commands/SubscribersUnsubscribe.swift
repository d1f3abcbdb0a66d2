import ArgumentParser
import Foundation
import NewsletterCore

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
            let service = try env.subscriptions(try env.stores())
            var email = target
            if !target.contains("@") {
                email = try service.unsubscribeAddress(SubscribersConfirm.lastPathComponent(target), now: env.now)
            }
            let (subscriber, wasAlready) = try await service.unsubscribe(email, source: .cli, now: env.now)
            console.print(wasAlready ? "\(subscriber.email) was already unsubscribed." : "Unsubscribed \(subscriber.email).")
        }
    }
}
