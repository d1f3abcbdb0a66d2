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

extension PostgresIssueLedger {
    public func schedule(_ message: ScheduledMessage) async throws -> ScheduledMessage {
        let rows = try await store.rows("""
            INSERT INTO scheduled_message (subject, markdown, cadence, at, created, state, by, issue_id)
            VALUES (\(message.message.subject), \(message.message.markdown), \(message.message.cadence?.rawValue), \(message.at.timeIntervalSince1970),
                    \(message.created.timeIntervalSince1970), \(message.state.rawValue), \(message.by), \(message.issueID)) RETURNING id
            """)
        var saved = message
        saved.id = try rows.first?.value("id") ?? 0
        return saved
    }

    public func scheduledMessages(dueBy: Date?, limit: Int) async throws -> [ScheduledMessage] {
        let due = dueBy?.timeIntervalSince1970 ?? Double.greatestFiniteMagnitude
        return try await store.rows("SELECT * FROM scheduled_message WHERE state = 'waiting' AND at <= \(due) ORDER BY at, id LIMIT \(limit)").map { row in
            ScheduledMessage(id: try row.value("id"), message: MarkdownMessage(subject: try row.value("subject"), markdown: try row.value("markdown"),
                                                                               cadence: (try row.value("cadence", as: String?.self)).flatMap(Cadence.init(rawValue:))),
                             at: Date(timeIntervalSince1970: try row.value("at")), created: Date(timeIntervalSince1970: try row.value("created")),
                             state: ScheduledMessage.State(rawValue: try row.value("state")) ?? .waiting, by: try row.value("by"),
                             issueID: try row.value("issue_id"))
        }
    }

    public func finishScheduled(id: Int64, state: ScheduledMessage.State, issueID: String?) async throws -> Bool {
        !(try await store.rows("""
            UPDATE scheduled_message SET state = \(state.rawValue), issue_id = \(issueID) WHERE id = \(id) AND state = 'waiting' RETURNING id
            """).isEmpty)
    }
}
