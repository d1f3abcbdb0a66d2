import Foundation
import NewsletterCore

/// What posting one blog post to one network did.
public enum SocialOutcome: Sendable, Equatable {
    /// Posted: the network's id of the new post, and its web address when known.
    case posted(remoteID: String, url: String?)
    /// The network refused it as a duplicate of something already there.
    case duplicate(message: String)
}
