import ArgumentParser
import Foundation
import NewsletterCore

/// `newsletter subscribers erase EMAIL`
struct SubscribersErase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Forget a person (their row and consent log), keeping only a salted hash so an import cannot add them back.",
        discussion: "Example:\n  newsletter subscribers erase sam@example.com"
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The address.") var email: String

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            let existed = try await env.subscriptions(try env.stores()).erase(email, now: env.now)
            let address = email.trimmingCharacters(in: .whitespaces)
            console.print(existed ? "Erased \(address); only a salted hash remains, so imports will not add it back."
                                  : "\(address) was not on the list; a salted hash now keeps imports from adding it.")
        }
    }
}
