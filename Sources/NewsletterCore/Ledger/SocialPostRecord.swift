import Foundation

/// What went out to a social network for one blog post.
public struct SocialPostRecord: Sendable, Equatable {
    public var network: String
    public var postID: String
    public var postURL: String
    /// The network's id of the post; nil when the network said it was a duplicate.
    public var remoteID: String?
    public var remoteURL: String?
    public var posted: Date

    public init(network: String, postID: String, postURL: String, remoteID: String?, remoteURL: String?, posted: Date) {
        self.network = network
        self.postID = postID
        self.postURL = postURL
        self.remoteID = remoteID
        self.remoteURL = remoteURL
        self.posted = posted
    }
}
