import Foundation
import NewsletterCore

/// One social network that can publish a blog post.
public protocol SocialPoster: Sendable {
    /// The key used in `--networks` and in the store (`x`, `facebook`, …).
    var key: String { get }
    /// The name used in sentences (`X`, `Facebook`, …).
    var name: String { get }
    func publish(_ post: SharePost, http: SocialHTTP) async throws -> SocialOutcome
}
