import Foundation
import GRDB
import NewsletterCore

/// The social ledger on SQLite: one row per post and network.
public final class SQLiteSocialLedger: SocialLedger {
    let writer: any DatabaseWriter

    public init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    public func socialPost(network: String, postID: String) async throws -> SocialPostRecord? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM social_post WHERE network = ? AND post_id = ?", arguments: [network, postID]).map { row in
                SocialPostRecord(network: row["network"], postID: row["post_id"], postURL: row["post_url"], remoteID: row["remote_id"],
                                 remoteURL: row["remote_url"], posted: Date(timeIntervalSince1970: row["posted"]))
            }
        }
    }

    public func recordSocialPost(_ record: SocialPostRecord) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO social_post (network, post_id, post_url, remote_id, remote_url, posted) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [record.network, record.postID, record.postURL, record.remoteID, record.remoteURL, record.posted.timeIntervalSince1970])
        }
    }
}
