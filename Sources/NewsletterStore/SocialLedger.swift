import Foundation
import GRDB

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

/// Once per post and network: `share --post` looks here before posting and writes here after.
extension SQLiteSubscriberStore {
    public func socialPost(network: String, postID: String) throws -> SocialPostRecord? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM social_post WHERE network = ? AND post_id = ?", arguments: [network, postID]).map(Self.socialPost(from:))
        }
    }

    /// Records a post (replacing an earlier record after `--force`).
    public func recordSocialPost(_ record: SocialPostRecord) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO social_post (network, post_id, post_url, remote_id, remote_url, posted) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [record.network, record.postID, record.postURL, record.remoteID, record.remoteURL, record.posted.timeIntervalSince1970])
        }
    }

    public func socialPosts() throws -> [SocialPostRecord] {
        try pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM social_post ORDER BY posted, network").map(Self.socialPost(from:)) }
    }

    static func socialPost(from row: Row) -> SocialPostRecord {
        SocialPostRecord(network: row["network"], postID: row["post_id"], postURL: row["post_url"], remoteID: row["remote_id"], remoteURL: row["remote_url"],
                         posted: Date(timeIntervalSince1970: row["posted"]))
    }
}
