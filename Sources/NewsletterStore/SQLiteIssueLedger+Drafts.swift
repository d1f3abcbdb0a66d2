import Foundation
import GRDB
import NewsletterCore

extension SQLiteIssueLedger {
    public func saveDraft(_ draft: IssueDraft) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO issue_draft (key, kind, week, subject, post_ids, titles, held, created, expires, state, decided_by, decided, issue_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [draft.key, draft.kind.rawValue, draft.week, draft.subject, IssueDraft.encode(draft.postIDs), IssueDraft.encode(draft.titles), IssueDraft.encode(draft.held),
                                 draft.created.timeIntervalSince1970, draft.expires.timeIntervalSince1970, draft.state.rawValue, draft.decidedBy,
                                 draft.decided?.timeIntervalSince1970, draft.issueID])
            return db.changesCount == 1
        }
    }

    public func draft(key: String) async throws -> IssueDraft? {
        try await writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM issue_draft WHERE key = ?", arguments: [key]).map(Self.draft) }
    }

    public func draft(id: Int64) async throws -> IssueDraft? {
        try await writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM issue_draft WHERE id = ?", arguments: [id]).map(Self.draft) }
    }

    public func drafts(in states: [IssueDraft.State], limit: Int) async throws -> [IssueDraft] {
        let list = states.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM issue_draft WHERE state IN (\(list)) ORDER BY id DESC LIMIT ?", arguments: [limit]).map(Self.draft)
        }
    }

    public func updateDraft(_ draft: IssueDraft, from: IssueDraft.State) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "UPDATE issue_draft SET held = ?, state = ?, decided_by = ?, decided = ?, issue_id = ? WHERE id = ? AND state = ?",
                           arguments: [IssueDraft.encode(draft.held), draft.state.rawValue, draft.decidedBy, draft.decided?.timeIntervalSince1970,
                                       draft.issueID, draft.id, from.rawValue])
            return db.changesCount == 1
        }
    }

    static func draft(_ row: Row) -> IssueDraft {
        IssueDraft(id: row["id"], key: row["key"], kind: IssueKind(rawValue: row["kind"]) ?? .digest, week: row["week"], subject: row["subject"],
                   postIDs: IssueDraft.decode(row["post_ids"]), titles: IssueDraft.decode(row["titles"]), held: IssueDraft.decode(row["held"]), created: Date(timeIntervalSince1970: row["created"]),
                   expires: Date(timeIntervalSince1970: row["expires"]), state: IssueDraft.State(rawValue: row["state"]) ?? .pending,
                   decidedBy: row["decided_by"], decided: (row["decided"] as Double?).map { Date(timeIntervalSince1970: $0) }, issueID: row["issue_id"])
    }
}

extension SQLiteIssueLedger {
    public func schedule(_ message: ScheduledMessage) async throws -> ScheduledMessage {
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO scheduled_message (subject, markdown, cadence, at, created, state, by, issue_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [message.message.subject, message.message.markdown, message.message.cadence?.rawValue, message.at.timeIntervalSince1970,
                                       message.created.timeIntervalSince1970, message.state.rawValue, message.by, message.issueID])
            var saved = message
            saved.id = db.lastInsertedRowID
            return saved
        }
    }

    public func scheduledMessages(dueBy: Date?, limit: Int) async throws -> [ScheduledMessage] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM scheduled_message WHERE state = 'waiting' AND at <= ? ORDER BY at, id LIMIT ?",
                             arguments: [dueBy?.timeIntervalSince1970 ?? Double.greatestFiniteMagnitude, limit]).map { row in
                ScheduledMessage(id: row["id"], message: MarkdownMessage(subject: row["subject"], markdown: row["markdown"],
                                                                         cadence: (row["cadence"] as String?).flatMap(Cadence.init(rawValue:))),
                                 at: Date(timeIntervalSince1970: row["at"]), created: Date(timeIntervalSince1970: row["created"]),
                                 state: ScheduledMessage.State(rawValue: row["state"]) ?? .waiting, by: row["by"], issueID: row["issue_id"])
            }
        }
    }

    public func finishScheduled(id: Int64, state: ScheduledMessage.State, issueID: String?) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "UPDATE scheduled_message SET state = ?, issue_id = ? WHERE id = ? AND state = 'waiting'", arguments: [state.rawValue, issueID, id])
            return db.changesCount == 1
        }
    }
}
