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
            var softBounces = 0
            if change.action == .softBounce {
                try db.execute(sql: "INSERT OR IGNORE INTO soft_bounce (subscriber_id, issue_key, at) VALUES (?, ?, ?)",
                               arguments: [subscriber.id, change.softBounceKey, time])
                softBounces = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM soft_bounce WHERE subscriber_id = ? AND at > ?",
                                               arguments: [subscriber.id, time - change.softWindow]) ?? 0
                try db.execute(sql: "UPDATE subscriber SET soft_bounces = ? WHERE id = ?", arguments: [softBounces, subscriber.id])
                subscriber.softBounces = softBounces
            }
            let decision = change.decide(current: subscriber.status, softBounces: softBounces)
            switch decision {
            case .move(let status, let action, let detail, _):
                try SubscriberRows.change(db, &subscriber, to: status, action: action, source: .inbox, context: nil, time: time, detail: detail)
            case .log(let action, let detail, _):
                try SubscriberRows.log(db, id: subscriber.id, action: action, old: nil, new: nil, source: .inbox, context: nil, detail: detail, time: time)
            case .nothing:
                break
            }
            if let delivery = change.deliveryNote {
                try db.execute(sql: "UPDATE delivery SET bounce = ? WHERE issue_id = ? AND subscriber_id = ?", arguments: [delivery.note, delivery.issueID, subscriber.id])
            }
            let done = decision.done
            return .applied(done, subscriber)
        }
    }
}
