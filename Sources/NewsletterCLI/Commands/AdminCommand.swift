import ArgumentParser
import Foundation
import NewsletterCore

extension ConsoleRole: ExpressibleByArgument {}

/// `newsletter admin`: the console's users, from the shell.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Manage who may sign in to the console of `newsletter serve` (/admin/).",
        subcommands: [AdminAdd.self, AdminList.self, AdminRemove.self, AdminReset.self]
    )
}

/// `newsletter admin add EMAIL [--role owner|editor|viewer]`
struct AdminAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a console user and print their one-time set-up link (password and authenticator app).",
        discussion: "Viewers read; editors compose, preview, send tests and approve; owners also erase and export subscribers and manage users.\nExample:\n  newsletter admin add director@clinic.example --role owner"
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The person's address.") var email: String
    @Option(help: "viewer, editor or owner.") var role: ConsoleRole = .editor

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            let (user, token) = try await env.consoleAccess(try env.stores()).addUser(email, role: role, now: env.now)
            console.print("Added \(user.email) (\(user.role.rawValue)). Send them this set-up link; it works once, for 72 hours:")
            console.print(AdminOutput.setupLink(env, token))
        }
    }
}

/// `newsletter admin list [--json]`
struct AdminList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the console's users, their roles and whether they have set up.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            let users = try await env.consoleAccess(try env.stores()).users()
            if json {
                console.print(JSONValue.array(users.map { AdminOutput.json($0, now: env.now) }).render(pretty: true))
            } else if users.isEmpty {
                console.print("No console users yet; add one with `newsletter admin add EMAIL --role owner`.")
            } else {
                for user in users { console.print(AdminOutput.line(user, now: env.now)) }
            }
        }
    }
}

/// `newsletter admin remove EMAIL`
struct AdminRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a console user and end their sessions.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The person's address.") var email: String

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            guard try await env.consoleAccess(try env.stores()).removeUser(email) else { throw CLIError("The console has no user \(email).") }
            console.print("Removed \(email.lowercased()); their sessions have ended.")
        }
    }
}

/// `newsletter admin reset EMAIL`
struct AdminReset: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset", abstract: "Forget a user's password and authenticator, end their sessions and print a new set-up link.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The person's address.") var email: String

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            let (user, token) = try await env.consoleAccess(try env.stores()).resetUser(email, now: env.now)
            console.print("Reset \(user.email); their sessions have ended. New set-up link (once, for 72 hours):")
            console.print(AdminOutput.setupLink(env, token))
        }
    }
}
