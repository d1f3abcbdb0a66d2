import Foundation
import NewsletterCore
import PostgresNIO

extension PostgresSubscriberStore {
    public func applyReport(_ change: ReportChange, now: Date) async throws -> ReportChangeOutcome {
        let time = now.timeIntervalSince1970
        let logger = self.logger
        return try await store.transaction { tx in
            guard var subscriber = try await PostgresRows.fetch(tx, id: change.subscriberID, logger: logger, lock: true) else { return .unknownSubscriber }
            let fresh = try await tx.rows("""
                INSERT INTO report_applied (key, at, action) VALUES (\(change.key), \(time), \(change.action.rawValue)) ON CONFLICT DO NOTHING RETURNING 1
                """, logger: logger)
            guard !fresh.isEmpty else { return .duplicate }
            var softBounces = 0
            if change.action == .softBounce {
                try await tx.rows("""
                    INSERT INTO soft_bounce (subscriber_id, issue_key, at) VALUES (\(subscriber.id), \(change.softBounceKey), \(time)) ON CONFLICT DO NOTHING
                    """, logger: logger)
                let since = time - change.softWindow
                softBounces = Int(try await tx.rows("SELECT COUNT(*) AS n FROM soft_bounce WHERE subscriber_id = \(subscriber.id) AND at > \(since)", logger: logger)
                    .first?.value("n", as: Int64.self) ?? 0)
                try await tx.rows("UPDATE subscriber SET soft_bounces = \(Int32(softBounces)) WHERE id = \(subscriber.id)", logger: logger)
                subscriber.softBounces = softBounces
            }
            let decision = change.decide(current: subscriber.status, softBounces: softBounces)
            switch decision {
            case .move(let status, let action, let detail, _):
                try await PostgresRows.change(tx, &subscriber, to: status, action: action, source: .inbox, context: nil, time: time, detail: detail, logger: logger)
            case .log(let action, let detail, _):
                try await PostgresRows.log(tx, id: subscriber.id, action: action, old: nil, new: nil, source: .inbox, context: nil, detail: detail, time: time, logger: logger)
            case .nothing:
                break
            }
            if let delivery = change.deliveryNote {
                try await tx.rows("UPDATE delivery SET bounce = \(delivery.note) WHERE issue_id = \(delivery.issueID) AND subscriber_id = \(subscriber.id)", logger: logger)
            }
            let done = decision.done
            return .applied(done, subscriber)
        }
    }
}
