import Foundation
import GRDB

extension SQLiteDatabase {
    /// The schema, one registered migration per version; an older database is upgraded in
    /// place when opened.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: subscribers, consent log, suppression, tokens") { db in
            try db.execute(sql: """
                CREATE TABLE subscriber (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    name TEXT,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed', 'bounced', 'complained')),
                    created REAL NOT NULL,
                    confirmed REAL,
                    updated REAL NOT NULL,
                    attributes TEXT,
                    confirmation_sent REAL
                );
                CREATE INDEX subscriber_status ON subscriber (status, id);
                CREATE TABLE event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    subscriber_id INTEGER NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
                    at REAL NOT NULL,
                    action TEXT NOT NULL,
                    old_status TEXT,
                    new_status TEXT,
                    source TEXT NOT NULL,
                    ip TEXT,
                    user_agent TEXT,
                    detail TEXT
                );
                CREATE INDEX event_subscriber ON event (subscriber_id);
                CREATE TABLE suppression (hash TEXT PRIMARY KEY, reason TEXT NOT NULL, at REAL NOT NULL) WITHOUT ROWID;
                CREATE TABLE used_token (hash TEXT PRIMARY KEY, at REAL NOT NULL) WITHOUT ROWID;
                CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                """)
            var salt = [UInt8](repeating: 0, count: 32)
            var rng = SystemRandomNumberGenerator()
            for i in salt.indices { salt[i] = UInt8.random(in: 0...255, using: &rng) }
            try db.execute(sql: "INSERT INTO setting (key, value) VALUES ('suppression_salt', ?)", arguments: [Data(salt).base64EncodedString()])
        }
        migrator.registerMigration("v2: send ledger") { db in
            try db.execute(sql: """
                CREATE TABLE issue (
                    id TEXT PRIMARY KEY,
                    created REAL NOT NULL,
                    week TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    html TEXT NOT NULL,
                    text TEXT NOT NULL,
                    post_ids TEXT NOT NULL,
                    identity TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('sending', 'done')),
                    finished REAL
                );
                CREATE TABLE delivery (
                    issue_id TEXT NOT NULL REFERENCES issue (id),
                    subscriber_id INTEGER NOT NULL,
                    email TEXT NOT NULL,
                    name TEXT,
                    state TEXT NOT NULL CHECK (state IN ('queued', 'claimed', 'sending', 'sent', 'failed', 'bounced', 'unknown')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt REAL NOT NULL DEFAULT 0,
                    updated REAL NOT NULL,
                    reply TEXT,
                    PRIMARY KEY (issue_id, subscriber_id)
                ) WITHOUT ROWID;
                CREATE INDEX delivery_state ON delivery (issue_id, state, next_attempt);
                CREATE TABLE sent_post (post_id TEXT PRIMARY KEY, issue_id TEXT NOT NULL) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v3: social posts") { db in
            try db.execute(sql: """
                CREATE TABLE social_post (
                    network TEXT NOT NULL,
                    post_id TEXT NOT NULL,
                    post_url TEXT NOT NULL,
                    remote_id TEXT,
                    remote_url TEXT,
                    posted REAL NOT NULL,
                    PRIMARY KEY (network, post_id)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v4: each copy's Message-ID") { db in
            try db.execute(sql: """
                ALTER TABLE delivery ADD COLUMN message_id TEXT;
                CREATE INDEX delivery_message_id ON delivery (message_id) WHERE message_id IS NOT NULL;
                """)
        }
        migrator.registerMigration("v5: reports received (bounces, complaints, mailed unsubscribes)") { db in
            try db.execute(sql: """
                CREATE TABLE report_applied (key TEXT PRIMARY KEY, at REAL NOT NULL, action TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE soft_bounce (
                    subscriber_id INTEGER NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
                    issue_key TEXT NOT NULL,
                    at REAL NOT NULL,
                    PRIMARY KEY (subscriber_id, issue_key)
                ) WITHOUT ROWID;
                ALTER TABLE subscriber ADD COLUMN soft_bounces INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE delivery ADD COLUMN bounce TEXT;
                """)
        }
        migrator.registerMigration("v6: cadence, pauses, announcements") { db in
            try db.execute(sql: """
                ALTER TABLE subscriber ADD COLUMN cadence TEXT NOT NULL DEFAULT 'weekly' CHECK (cadence IN ('weekly', 'each'));
                ALTER TABLE subscriber ADD COLUMN paused_until REAL;
                CREATE INDEX subscriber_paused ON subscriber (paused_until) WHERE paused_until IS NOT NULL;
                ALTER TABLE issue ADD COLUMN kind TEXT NOT NULL DEFAULT 'digest' CHECK (kind IN ('digest', 'announcement'));
                ALTER TABLE delivery ADD COLUMN variant INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE issue_variant (
                    issue_id TEXT NOT NULL REFERENCES issue (id),
                    variant INTEGER NOT NULL,
                    omitted TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    html TEXT NOT NULL,
                    text TEXT NOT NULL,
                    PRIMARY KEY (issue_id, variant)
                ) WITHOUT ROWID;
                CREATE TABLE announced_post (post_id TEXT PRIMARY KEY, issue_id TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE received_post (
                    subscriber_id INTEGER NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
                    post_id TEXT NOT NULL,
                    issue_id TEXT NOT NULL,
                    PRIMARY KEY (subscriber_id, post_id)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v7: sign-up attempts (limits shared by every server)") { db in
            try db.execute(sql: """
                CREATE TABLE signup_attempt (client TEXT NOT NULL, at REAL NOT NULL);
                CREATE INDEX signup_attempt_client ON signup_attempt (client, at);
                """)
        }
        migrator.registerMigration("v8: clicks per issue and link (never per person)") { db in
            try db.execute(sql: """
                CREATE TABLE link_click (
                    issue_id TEXT NOT NULL, url TEXT NOT NULL, clicks INTEGER NOT NULL, last REAL NOT NULL,
                    PRIMARY KEY (issue_id, url)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v9: the consent line of a whole import batch") { db in
            // An import adds thousands of rows in one transaction, with ids that only grow:
            // one line names the batch's id range instead of one `event` row a subscriber
            // (a million rows otherwise write a million log lines and their index entries).
            // It holds no address; a subscriber erased later leaves no trace in it.
            try db.execute(sql: """
                CREATE TABLE import_event (
                    first_id INTEGER NOT NULL,
                    last_id INTEGER NOT NULL,
                    at REAL NOT NULL,
                    new_status TEXT NOT NULL,
                    PRIMARY KEY (first_id)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v10: the issue an unsubscribe came from, in a column of its own") { db in
            // Written as `issue:ID` in the free-text detail before; the detail keeps it for
            // reading, the column is what reports count by.
            try db.execute(sql: """
                ALTER TABLE event ADD COLUMN issue_id TEXT;
                UPDATE event SET issue_id = substr(detail, 7) WHERE action = 'unsubscribe' AND detail LIKE 'issue:%';
                CREATE INDEX event_issue ON event(issue_id) WHERE issue_id IS NOT NULL;
                """)
        }
        migrator.registerMigration("v11: console users, sessions and audit log; subscriber search by name") { db in
            try db.execute(sql: """
                CREATE TABLE console_user (
                    id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, role TEXT NOT NULL, password_hash TEXT, totp_secret TEXT NOT NULL,
                    setup_token_hash TEXT UNIQUE, setup_expires REAL, failed_attempts INTEGER NOT NULL DEFAULT 0, locked_until REAL,
                    last_code_step INTEGER NOT NULL DEFAULT 0, created REAL NOT NULL
                );
                CREATE TABLE console_session (
                    id_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL, csrf TEXT NOT NULL, created REAL NOT NULL, last_seen REAL NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX console_session_user ON console_session(user_id);
                CREATE TABLE console_audit (id INTEGER PRIMARY KEY, at REAL NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT);
                CREATE INDEX subscriber_name ON subscriber(name COLLATE NOCASE);
                """)
        }
        migrator.registerMigration("v12: issues waiting for review, messages waiting for their time") { db in
            try db.execute(sql: """
                CREATE TABLE issue_draft (
                    id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, week TEXT NOT NULL, subject TEXT NOT NULL,
                    post_ids TEXT NOT NULL, titles TEXT NOT NULL, held TEXT NOT NULL, created REAL NOT NULL, expires REAL NOT NULL, state TEXT NOT NULL,
                    decided_by TEXT, decided REAL, issue_id TEXT
                );
                CREATE INDEX issue_draft_state ON issue_draft(state);
                CREATE TABLE scheduled_message (
                    id INTEGER PRIMARY KEY, subject TEXT NOT NULL, markdown TEXT NOT NULL, cadence TEXT, at REAL NOT NULL, created REAL NOT NULL,
                    state TEXT NOT NULL, by TEXT NOT NULL, issue_id TEXT
                );
                CREATE INDEX scheduled_message_due ON scheduled_message(state, at);
                CREATE INDEX subscriber_status_email ON subscriber(status, email);
                """)
        }
        migrator.registerMigration("v13: the topics a subscriber follows") { db in
            try db.execute(sql: "ALTER TABLE subscriber ADD COLUMN topics TEXT NOT NULL DEFAULT ''")
        }
        return migrator
    }
}
