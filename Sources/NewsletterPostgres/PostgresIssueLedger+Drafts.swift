import Foundation
import NewsletterCore
import PostgresNIO

extension PostgresIssueLedger {
    public func saveDraft(_ draft: IssueDraft) async throws -> Bool {
        !(try await store.rows("""
            INSERT INTO issue_draft (key, kind, week, subject, post_ids, titles, held, created, expires, state, decided_by, decided, issue_id)
            VALUES (\(draft.key), \(draft.kind.rawValue), \(draft.week), \(draft.subject), \(IssueDraft.encode(draft.postIDs)), \(IssueDraft.encode(draft.titles)), \(IssueDraft.encode(draft.held)),
                    \(draft.created.timeIntervalSince1970), \(draft.expires.timeIntervalSince1970), \(draft.state.rawValue), \(draft.decidedBy),
                    \(draft.decided?.timeIntervalSince1970), \(draft.issueID))
            ON CONFLICT (key) DO NOTHING RETURNING id
            """).isEmpty)
    }

    public func draft(key: String) async throws -> IssueDraft? {
        try await store.rows("SELECT * FROM issue_draft WHERE key = \(key)").first.map(Self.draft)
    }

    public func draft(id: Int64) async throws -> IssueDraft? {
        try await store.rows("SELECT * FROM issue_draft WHERE id = \(id)").first.map(Self.draft)
    }

    public func drafts(in states: [IssueDraft.State], limit: Int) async throws -> [IssueDraft] {
        let list = states.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return try await store.rows(PostgresQuery(unsafeSQL: "SELECT * FROM issue_draft WHERE state IN (\(list)) ORDER BY id DESC LIMIT \(limit)")).map(Self.draft)
    }

    public func updateDraft(_ draft: IssueDraft, from: IssueDraft.State) async throws -> Bool {
        !(try await store.rows("""
            UPDATE issue_draft SET held = \(IssueDraft.encode(draft.held)), state = \(draft.state.rawValue), decided_by = \(draft.decidedBy),
            decided = \(draft.decided?.timeIntervalSince1970), issue_id = \(draft.issueID) WHERE id = \(draft.id) AND state = \(from.rawValue) RETURNING id
            """).isEmpty)
    }

    static func draft(_ row: PostgresRow) throws -> IssueDraft {
        IssueDraft(id: try row.value("id"), key: try row.value("key"), kind: IssueKind(rawValue: try row.value("kind")) ?? .digest, week: try row.value("week"),
                   subject: try row.value("subject"), postIDs: IssueDraft.decode(try row.value("post_ids")), titles: IssueDraft.decode(try row.value("titles")), held: IssueDraft.decode(try row.value("held")),
                   created: Date(timeIntervalSince1970: try row.value("created")), expires: Date(timeIntervalSince1970: try row.value("expires")),
                   state: IssueDraft.State(rawValue: try row.value("state")) ?? .pending, decidedBy: try row.value("decided_by"),
                   decided: (try row.value("decided", as: Double?.self)).map { Date(timeIntervalSince1970: $0) }, issueID: try row.value("issue_id"))
    }
}
