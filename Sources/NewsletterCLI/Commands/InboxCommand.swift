import ArgumentParser

/// `newsletter inbox`: bounces, complaints and mailed unsubscribe requests.
struct InboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox",
        abstract: "Read bounces, complaints and mailed unsubscribe requests, and act on them.",
        discussion: """
        The mailbox is NEWSLETTER_INBOX (a Maildir path, imap[s]://user@host/MAILBOX or \
        pop3[s]://user@host) or the SOURCE given; '-' reads one message on stdin (an MTA's \
        pipe transport or a .forward).

        Examples:
          newsletter inbox
          newsletter inbox imaps://bounces@mail.clinic.example/INBOX --json
          newsletter inbox parse bounce.eml
        """,
        subcommands: [InboxProcess.self, InboxParse.self],
        defaultSubcommand: InboxProcess.self
    )
}
