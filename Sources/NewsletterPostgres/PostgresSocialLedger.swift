import Foundation
import NewsletterCore
import PostgresNIO

/// The social ledger on PostgreSQL: one row per post and network.
public final class PostgresSocialLedger: SocialLedger, @unchecked Sendable {
    let store: PostgresStore

    init(store: PostgresStore) {
        self.store = store
    }

    public func socialPost(network: String, postID: String) async throws -> SocialPostRecord? {
        try await store.rows("SELECT * FROM social_post WHERE network = \(network) AND post_id = \(postID)").first.map { row in
            SocialPostRecord(network: try row.value("network"), postID: try row.value("post_id"), postURL: try row.value("post_url"),
                             remoteID: try row.value("remote_id"), remoteURL: try row.value("remote_url"),
                             posted: Date(timeIntervalSince1970: try row.value("posted")))
        }
    }

    public func recordSocialPost(_ record: SocialPostRecord) async throws {
        try await store.rows("""
            INSERT INTO social_post (network, post_id, post_url, remote_id, remote_url, posted)
            VALUES (\(record.network), \(record.postID), \(record.postURL), \(record.remoteID), \(record.remoteURL), \(record.posted.timeIntervalSince1970))
            ON CONFLICT (network, post_id) DO UPDATE SET post_url = excluded.post_url, remote_id = excluded.remote_id, remote_url = excluded.remote_url,
                posted = excluded.posted
            """)
    }
}
