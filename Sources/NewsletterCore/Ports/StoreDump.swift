/// One column value as both stores hold it (SQLite's storage classes; PostgreSQL's
/// BIGINT/INTEGER, DOUBLE PRECISION and TEXT).
public enum StoreValue: Sendable, Equatable, Comparable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    public static func < (a: StoreValue, b: StoreValue) -> Bool {
        switch (a, b) {
        case (.integer(let x), .integer(let y)): x < y
        case (.real(let x), .real(let y)): x < y
        case (.text(let x), .text(let y)): x < y
        default: false
        }
    }
}

/// A table `store copy` moves, with the same columns in every adapter.
public struct StoreTable: Sendable {
    public enum Kind: Sendable { case integer, bigint, real, text }

    public let name: String
    public let columns: [(name: String, kind: Kind)]
    /// The primary key's columns: rows are read in this order, a page at a time.
    public let key: [String]

    init(_ name: String, key: [String], _ columns: [(String, Kind)]) {
        self.name = name
        self.key = key
        self.columns = columns.map { (name: $0.0, kind: $0.1) }
    }

    public var columnNames: [String] { columns.map(\.name) }

    /// Every table of the store, parents before children; `setting` holds the suppression
    /// salt, which must travel with the suppression hashes.
    public static let all: [StoreTable] = [
        StoreTable("setting", key: ["key"], [("key", .text), ("value", .text)]),
        StoreTable("subscriber", key: ["id"], [("id", .bigint), ("email", .text), ("name", .text), ("status", .text), ("created", .real),
                                              ("confirmed", .real), ("updated", .real), ("attributes", .text), ("confirmation_sent", .real),
                                              ("soft_bounces", .integer), ("cadence", .text), ("paused_until", .real),
                                              ("topics", .text)]),
        StoreTable("event", key: ["id"], [("id", .bigint), ("subscriber_id", .bigint), ("at", .real), ("action", .text), ("old_status", .text),
                                         ("new_status", .text), ("source", .text), ("ip", .text), ("user_agent", .text), ("detail", .text),
                                         ("issue_id", .text)]),
        StoreTable("import_event", key: ["first_id"], [("first_id", .bigint), ("last_id", .bigint), ("at", .real), ("new_status", .text)]),
        StoreTable("suppression", key: ["hash"], [("hash", .text), ("reason", .text), ("at", .real)]),
        StoreTable("used_token", key: ["hash"], [("hash", .text), ("at", .real)]),
        StoreTable("issue", key: ["id"], [("id", .text), ("created", .real), ("week", .text), ("subject", .text), ("html", .text), ("text", .text),
                                         ("post_ids", .text), ("identity", .text), ("state", .text), ("finished", .real), ("kind", .text)]),
        StoreTable("issue_variant", key: ["issue_id", "variant"], [("issue_id", .text), ("variant", .integer), ("omitted", .text), ("subject", .text),
                                                                  ("html", .text), ("text", .text)]),
        StoreTable("delivery", key: ["issue_id", "subscriber_id"], [("issue_id", .text), ("subscriber_id", .bigint), ("email", .text), ("name", .text),
                                                                    ("state", .text), ("attempts", .integer), ("next_attempt", .real), ("updated", .real),
                                                                    ("reply", .text), ("message_id", .text), ("bounce", .text), ("variant", .integer)]),
        StoreTable("sent_post", key: ["post_id"], [("post_id", .text), ("issue_id", .text)]),
        StoreTable("announced_post", key: ["post_id"], [("post_id", .text), ("issue_id", .text)]),
        StoreTable("received_post", key: ["subscriber_id", "post_id"], [("subscriber_id", .bigint), ("post_id", .text), ("issue_id", .text)]),
        StoreTable("social_post", key: ["network", "post_id"], [("network", .text), ("post_id", .text), ("post_url", .text), ("remote_id", .text),
                                                                ("remote_url", .text), ("posted", .real)]),
        StoreTable("report_applied", key: ["key"], [("key", .text), ("at", .real), ("action", .text)]),
        StoreTable("soft_bounce", key: ["subscriber_id", "issue_key"], [("subscriber_id", .bigint), ("issue_key", .text), ("at", .real)]),
        StoreTable("link_click", key: ["issue_id", "url"], [("issue_id", .text), ("url", .text), ("clicks", .bigint), ("last", .real)]),
        StoreTable("console_user", key: ["id"], [("id", .bigint), ("email", .text), ("role", .text), ("password_hash", .text), ("totp_secret", .text),
                                                 ("setup_token_hash", .text), ("setup_expires", .real), ("failed_attempts", .integer),
                                                 ("locked_until", .real), ("last_code_step", .bigint), ("created", .real)]),
        StoreTable("issue_draft", key: ["id"], [("id", .bigint), ("key", .text), ("kind", .text), ("week", .text), ("subject", .text), ("post_ids", .text),
                                               ("titles", .text), ("held", .text), ("created", .real), ("expires", .real), ("state", .text), ("decided_by", .text),
                                               ("decided", .real), ("issue_id", .text)]),
        StoreTable("scheduled_message", key: ["id"], [("id", .bigint), ("subject", .text), ("markdown", .text), ("cadence", .text), ("at", .real),
                                                     ("created", .real), ("state", .text), ("by", .text), ("issue_id", .text)]),
        StoreTable("console_audit", key: ["id"], [("id", .bigint), ("at", .real), ("actor", .text), ("action", .text), ("detail", .text)]),
    ]
}

/// Whole tables in and out, for `newsletter store copy`.
public protocol StoreDump: Sendable {
    /// Up to `limit` rows of `table` in key order after `after` (the last row's key), or from the start.
    func rows(of table: StoreTable, after: [StoreValue]?, limit: Int) async throws -> [[StoreValue]]
    /// Inserts rows as they are (ids kept); a `setting` row replaces the one there.
    func insert(_ rows: [[StoreValue]], into table: StoreTable) async throws
    func count(_ table: StoreTable) async throws -> Int
    /// After a copy: the next ids continue after the copied ones.
    func finishCopy() async throws
}
