import ArgumentParser

/// `newsletter dkim`: DKIM signing keys.
struct DKIMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dkim",
        abstract: "Make DKIM signing keys and print the DNS records to publish.",
        subcommands: [DKIMGenerate.self]
    )
}
