import ArgumentParser

/// The `newsletter` root command.
@available(macOS 14, *)
public struct NewsletterCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "newsletter",
        abstract: "Turn a blog into an email newsletter and a social presence.",
        discussion: """
        Reads the blog's feed (RSS, Atom, JSON Feed or the WordPress REST API), composes \
        digests, keeps subscribers in SQLite and delivers over SMTP.

        Example:
          newsletter posts --since 7d
        """,
        version: "0.1.0",
        subcommands: [InitCommand.self, PostsCommand.self, PreviewCommand.self, SendCommand.self, ServeCommand.self, ShareCommand.self, SubscribersCommand.self, InboxCommand.self, CheckCommand.self, DKIMCommand.self, StoreCommand.self, ReportCommand.self, AdminCommand.self, TopicsCommand.self]
    )

    public init() {}
}

extension NewsletterCommand {
    /// Parses the process arguments and runs the chosen command, async or not; exits with
    /// 64 for bad usage (ArgumentParser's validation code) and 1 for a failed command.
    public static func runMain(_ arguments: [String]? = nil) async {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
