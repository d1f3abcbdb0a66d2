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
            func move(to status: SubscriberStatus, action: String, detail: String, from: Set<SubscriberStatus>) async throws -> ReportAction {
                guard from.contains(subscriber.status) else { return .none }
                try await PostgresRows.change(tx, &subscriber, to: status, action: action, source: .inbox, context: nil, time: time, detail: detail, logger: logger)
                switch status {
                case .bounced: return .bounced
                case .complained: return .complained
                case .unsubscribed: return .unsubscribed
                default: return .none
                }
            }
            var done = change.action
            switch change.action {
            case .bounced:
                done = try await move(to: .bounced, action: "bounce", detail: change.detail, from: [.pending, .confirmed])
            case .softBounce:
                let key = change.issueID ?? "report:" + change.key
                try await tx.rows("INSERT INTO soft_bounce (subscriber_id, issue_key, at) VALUES (\(subscriber.id), \(key), \(time)) ON CONFLICT DO NOTHING",
                                  logger: logger)
                let since = time - change.softWindow
                let count = Int(try await tx.rows("SELECT COUNT(*) AS n FROM soft_bounce WHERE subscriber_id = \(subscriber.id) AND at > \(since)", logger: logger)
                    .first?.value("n", as: Int64.self) ?? 0)
                try await tx.rows("UPDATE subscriber SET soft_bounces = \(Int32(count)) WHERE id = \(subscriber.id)", logger: logger)
                subscriber.softBounces = count
                if count >= change.softLimit {
                    done = try await move(to: .bounced, action: "bounce", detail: "\(count) soft bounces within 30 days; " + change.detail, from: [.pending, .confirmed])
                } else {
                    try await PostgresRows.log(tx, id: subscriber.id, action: "soft-bounce", old: nil, new: nil, source: .inbox, context: nil,
                                               detail: "\(count) of \(change.softLimit); " + change.detail, time: time, logger: logger)
                }
            case .complained:
                done = try await move(to: .complained, action: "complaint", detail: change.detail, from: [.pending, .confirmed, .unsubscribed, .bounced])
            case .unsubscribed:
                done = try await move(to: .unsubscribed, action: "unsubscribe", detail: change.detail, from: [.pending, .confirmed])
            case .none:
                done = .none
            }
            if let issue = change.issueID, change.action == .bounced || change.action == .softBounce || change.action == .complained {
                let note = "\(change.action.rawValue); \(change.detail)"
                try await tx.rows("UPDATE delivery SET bounce = \(note) WHERE issue_id = \(issue) AND subscriber_id = \(subscriber.id)", logger: logger)
            }
            return .applied(done, subscriber)
        }
    }
}
