import Foundation
import GRDB
import NewsletterCore
@testable import NewsletterStore
import Testing

/// The schema is brought up to date in place, once, whoever opens the store first.
@Suite struct MigrationTests {
    /// A database exactly as version 1 of the schema left it: only the first migration applied.
    static func versionOneDatabase() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("v1-\(UUID().uuidString)/n.sqlite").path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: path)
        let full = SQLiteDatabase.migrator
        try full.migrate(queue, upTo: "v1: subscribers, consent log, suppression, tokens")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO subscriber (email, name, status, created, confirmed, updated) VALUES ('old@example.com', 'Old', 'confirmed', 1, 1, 1)
                """)
        }
        #expect(try queue.read { db in try full.appliedIdentifiers(db) } == ["v1: subscribers, consent log, suppression, tokens"])
        #expect(try queue.read { db in try db.tableExists("issue") } == false)
        return path
    }

    @Test func aVersionOneDatabaseIsUpgradedInPlaceKeepingItsRows() async throws {
        let path = try Self.versionOneDatabase()
        let store = try SQLiteStore(path: path)
        #expect(try await store.subscribers.subscriber("old@example.com")?.name == "Old")
        let identity = NewsletterIdentity(name: "N", from: EmailAddress("n@example.com"), baseURL: "https://n.example", postalAddress: "P")
        let queued = try await store.issues.createIssue(IssueRecord(id: "i", created: Date(), week: "2026-W48", subject: "S", html: "h", text: "t",
                                                                    postIDs: ["p"], identity: identity))
        #expect(queued == 1, "the v2 ledger works on the upgraded file")
        try await store.social.recordSocialPost(SocialPostRecord(network: "x", postID: "p", postURL: "u", remoteID: "1", remoteURL: nil, posted: Date()))
        #expect(try await store.social.socialPost(network: "x", postID: "p")?.remoteID == "1")
        // Opening it again finds nothing left to do.
        let again = try SQLiteStore(path: path)
        #expect(try await again.subscribers.counts()[.confirmed] == 1)
    }

    /// v10: an unsubscribe logged with `issue:ID` in its detail (as before the issue had a
    /// column of its own) still counts for that issue after the upgrade.
    @Test func unsubscribesLoggedBeforeTheIssueColumnStillCount() async throws {
        let path = try Self.versionOneDatabase()
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO event (subscriber_id, at, action, old_status, new_status, source, detail)
                VALUES (1, 2, 'unsubscribe', 'confirmed', 'unsubscribed', 'web', 'issue:2026-11-20')
                """)
        }
        try queue.close()
        let store = try SQLiteStore(path: path)
        #expect(try await store.subscribers.unsubscribesByIssue() == ["2026-11-20": 1])
        _ = try await store.subscribers.add("new@example.com", name: nil, confirmed: true, source: .cli, now: Date())
        try await store.subscribers.unsubscribe("new@example.com", source: .web, context: nil, issue: "2026-11-27", now: Date())
        #expect(try await store.subscribers.unsubscribesByIssue() == ["2026-11-20": 1, "2026-11-27": 1])
        let detail = try await store.subscribers.events(of: try #require(await store.subscribers.subscriber("new@example.com"))).last?.detail
        #expect(detail == "issue:2026-11-27", "the line still reads as before")
    }

    @Test func manyOpenersOfANewStoreAtOnceAllSucceed() async throws {
        for round in 0..<20 {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("race-\(UUID().uuidString)/n.sqlite").path
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask { _ = try await SQLiteStore(path: path).subscribers.counts() }
                }
                do {
                    try await group.waitForAll()
                } catch {
                    Issue.record("round \(round): \(error)")
                    throw error
                }
            }
        }
    }
}
