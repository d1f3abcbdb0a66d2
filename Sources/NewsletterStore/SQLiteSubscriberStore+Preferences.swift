import Foundation
import GRDB
import NewsletterCore

extension SQLiteSubscriberStore {
    @discardableResult
    public func updatePreferences(_ email: String, _ change: PreferenceChange, source: ChangeSource, context: ChangeContext?, now: Date) async throws -> Subscriber {
        let address = try SubscriberInput.address(email)
        return try await writer.write { db in
            let time = now.timeIntervalSince1970
            try SubscriberRows.endPauses(db, time: time)
            guard let subscriber = try SubscriberRows.fetch(db, address: address) else { throw StoreError.unknownSubscriber(address) }
            func log(_ action: ConsentAction, _ detail: String) throws {
                try SubscriberRows.log(db, id: subscriber.id, action: action, old: nil, new: nil, source: source, context: context, detail: detail, time: time)
            }
            if let cadence = change.cadence, cadence != subscriber.cadence {
                try db.execute(sql: "UPDATE subscriber SET cadence = ?, updated = ? WHERE id = ?", arguments: [cadence.rawValue, time, subscriber.id])
                try log(.cadence, "\(subscriber.cadence.rawValue) → \(cadence.rawValue)")
            }
            switch change.pause {
            case .until(let date)? where date > now && subscriber.pausedUntil != date:
                try db.execute(sql: "UPDATE subscriber SET paused_until = ?, updated = ? WHERE id = ?", arguments: [date.timeIntervalSince1970, time, subscriber.id])
                try log(.pause, "until \(UTCFormat.iso8601(date))")
            case .until?:
                break
            case .resume? where subscriber.pausedUntil != nil:
                try db.execute(sql: "UPDATE subscriber SET paused_until = NULL, updated = ? WHERE id = ?", arguments: [time, subscriber.id])
                try log(.resume, "the pause until \(UTCFormat.iso8601(subscriber.pausedUntil!)) ended early")
            case .resume?, nil:
                break
            }
            if let topics = change.topics, topics.sorted() != subscriber.topics {
                try db.execute(sql: "UPDATE subscriber SET topics = ?, updated = ? WHERE id = ?", arguments: [TopicColumn.encode(topics), time, subscriber.id])
                try log(.topics, PreferenceChange.topicsDetail(subscriber.topics, topics.sorted()))
            }
            if let name = change.name {
                let clean = SubscriberInput.name(name)
                if clean != subscriber.name {
                    try db.execute(sql: "UPDATE subscriber SET name = ?, updated = ? WHERE id = ?", arguments: [clean, time, subscriber.id])
                    try log(.name, clean == nil ? "name removed" : "name changed")
                }
            }
            return try SubscriberRows.fetch(db, address: address)!
        }
    }

    @discardableResult
    public func endPauses(now: Date) async throws -> Int {
        try await writer.write { db in try SubscriberRows.endPauses(db, time: now.timeIntervalSince1970) }
    }
}

extension SQLiteSubscriberStore {
    /// Address prefixes through the address's index, name prefixes through `subscriber_name`
    /// (both NOCASE ranges), in address order.
    public func search(_ query: SubscriberQuery) async throws -> [Subscriber] {
        var conditions = ["email > ?"]
        var arguments: [String] = [query.after]
        if !query.prefix.isEmpty {
            conditions.append("((email >= ? AND email < ?) OR (name >= ? COLLATE NOCASE AND name < ? COLLATE NOCASE))")
            let end = query.prefix + "\u{10FFFF}"
            arguments += [query.prefix, end, query.prefix, end]
        }
        if let status = query.status {
            conditions.append("status = ?")
            arguments.append(status.rawValue)
        }
        if let cadence = query.cadence {
            conditions.append("cadence = ?")
            arguments.append(cadence.rawValue)
        }
        let sql = "SELECT * FROM subscriber WHERE " + conditions.joined(separator: " AND ") + " ORDER BY email LIMIT \(query.limit)"
        let bound = arguments
        return try await writer.read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(bound)).map(SubscriberRows.subscriber(from:))
        }
    }
}
