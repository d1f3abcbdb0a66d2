import Crypto
import Foundation
import Logging
import NewsletterCore
import NewsletterDelivery
import NewsletterHTTP
import NewsletterStore

/// A failure a command reports as one sentence.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
