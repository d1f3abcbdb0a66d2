import Foundation
import GRDB
import NewsletterCore

extension SQLiteSubscriberStore {
    public func subscriber(id: Int64) async throws -> Subscriber? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM subscriber WHERE id = ?", arguments: [id]).map(SubscriberRows.subscriber(from:))
        }
    }

    public func applyReport(_ change: ReportChange, now: Date) async throws -> ReportChangeOutcome {
        let time = now.timeIntervalSince1970
        return try await writer.write { db in
            guard var subscriber = try Row.fetchOne(db, sql: "SELECT * FROM subscriber WHERE id = ?", arguments: [change.subscriberID])
                .map(SubscriberRows.subscriber(from:)) else { return .unknownSubscriber }
            try db.execute(sql: "INSERT OR IGNORE INTO report_applied (key, at, action) VALUES (?, ?, ?)",
                           arguments: [change.key, time, change.action.rawValue])
            guard db.changesCount == 1 else { return .duplicate }
            var done = change.action
            switch change.action {
            case .bounced:
                done = try Self.move(db, &subscriber, to: .bounced, action: "bounce", detail: change.detail, time: time, from: [.pending, .confirmed])
            case .softBounce:
                try db.execute(sql: "INSERT OR IGNORE INTO soft_bounce (subscriber_id, issue_key, at) VALUES (?, ?, ?)",
                               arguments: [subscriber.id, change.issueID ?? "report:" + change.key, time])
                let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM soft_bounce WHERE subscriber_id = ? AND at > ?",
                                             arguments: [subscriber.id, time - change.softWindow]) ?? 0
                try db.execute(sql: "UPDATE subscriber SET soft_bounces = ? WHERE id = ?", arguments: [count, subscriber.id])
                subscriber.softBounces = count
                if count >= change.softLimit {
                    done = try Self.move(db, &subscriber, to: .bounced, action: "bounce",
                                         detail: "\(count) soft bounces within 30 days; " + change.detail, time: time, from: [.pending, .confirmed])
                } else {
                    try SubscriberRows.log(db, id: subscriber.id, action: "soft-bounce", old: nil, new: nil, source: .inbox, context: nil,
                                           detail: "\(count) of \(change.softLimit); " + change.detail, time: time)
                }
            case .complained:
                done = try Self.move(db, &subscriber, to: .complained, action: "complaint", detail: change.detail, time: time,
                                     from: [.pending, .confirmed, .unsubscribed, .bounced])
            case .unsubscribed:
                done = try Self.move(db, &subscriber, to: .unsubscribed, action: "unsubscribe", detail: change.detail, time: time, from: [.pending, .confirmed])
            case .none:
                done = .none
            }
            if let issue = change.issueID, change.action == .bounced || change.action == .softBounce || change.action == .complained {
                try db.execute(sql: "UPDATE delivery SET bounce = ? WHERE issue_id = ? AND subscriber_id = ?",
                               arguments: ["\(change.action.rawValue); \(change.detail)", issue, subscriber.id])
            }
            return .applied(done, subscriber)
        }
    }

    /// Changes the status when it is one of `from`; the action done, or `.none`.
    private static func move(_ db: Database, _ subscriber: inout Subscriber, to status: SubscriberStatus, action: String, detail: String,
                             time: Double, from: Set<SubscriberStatus>) throws -> ReportAction {
        guard from.contains(subscriber.status) else { return .none }
        try SubscriberRows.change(db, &subscriber, to: status, action: action, source: .inbox, context: nil, time: time, detail: detail)
        switch status {
        case .bounced: return .bounced
        case .complained: return .complained
        case .unsubscribed: return .unsubscribed
        default: return .none
        }
    }
}
