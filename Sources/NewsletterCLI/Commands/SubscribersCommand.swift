import ArgumentParser
import Foundation
import NewsletterCore
import NewsletterStore

/// `newsletter subscribers`: the list, its consent records, imports and exports.
struct SubscribersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscribers",
        abstract: "Add, confirm, unsubscribe, list, import, export, show and erase subscribers.",
        discussion: """
        The store is the SQLite database at NEWSLETTER_DB (default Subscribers/newsletter.sqlite).

        Examples:
          newsletter subscribers add sam@example.com --name "Sam Reader"
          newsletter subscribers import people.csv
          newsletter subscribers list --status confirmed --json
        """,
        subcommands: [
            SubscribersAdd.self, SubscribersSet.self, SubscribersConfirm.self, SubscribersUnsubscribe.self, SubscribersList.self,
            SubscribersImport.self, SubscribersExport.self, SubscribersShow.self, SubscribersErase.self,
        ]
    )
}
