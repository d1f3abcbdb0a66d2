import Crypto
import Foundation

/// Attributes each received report to a subscriber and an issue and applies the policy:
/// the one path for mailed reports (Maildir, IMAP, POP3, a pipe) and for email services'
/// webhooks.
///
/// Attribution, most certain first: the signed VERP tag of the address the report came
/// back to; our Message-ID quoted in the report (looked up in the send ledger); an
/// unsubscribe token quoted in it (verified); then the failed recipient's address (or, for
/// a mailed request, the sender's) in the store.
public struct InboxProcessor: Sendable {
    public let store: any SubscriberStore
    public let ledger: any IssueLedger
    public let secret: SymmetricKey
    /// `NEWSLETTER_BOUNCE_ADDRESS`, the base of the VERP addresses.
    public let bounceAddress: String?
    public let softLimit: Int

    public init(store: any SubscriberStore, ledger: any IssueLedger, secret: SymmetricKey, bounceAddress: String?, softLimit: Int = 3) {
        self.store = store
        self.ledger = ledger
        self.secret = secret
        self.bounceAddress = bounceAddress
        self.softLimit = softLimit
    }

    /// What processing one report did (or, in a dry run, would do).
    public struct Result: Sendable, Equatable {
        public var report: InboundReport
        /// The subscriber's address the report was attributed to.
        public var subscriber: String?
        public var issue: String?
        public var action: ReportAction
        /// True when this reading was a replay of a report already applied.
        public var duplicate: Bool
    }

    /// Attributes and applies one report.
    ///
    /// - Parameters:
    ///   - key: what identifies the report when it has no Message-ID (a hash of its bytes,
    ///     a webhook event's id).
    ///   - dryRun: attribute and decide, change nothing.
    public func process(_ report: InboundReport, key: String, dryRun: Bool, now: Date) async throws -> Result {
        guard let (subscriber, issue, recipient) = try await attribute(report, now: now) else {
            return Result(report: report, subscriber: nil, issue: nil, action: .none, duplicate: false)
        }
        let action = InboxPolicy.action(kind: report.kind, recipient: recipient, feedbackType: report.feedbackType)
        var result = Result(report: report, subscriber: subscriber.email, issue: issue, action: action, duplicate: false)
        guard action != .none else { return result }
        if dryRun { return result }
        let change = ReportChange(key: "\(report.messageID ?? key)|\(subscriber.id)", subscriberID: subscriber.id, issueID: issue,
                                  action: action, detail: Self.detail(report, recipient: recipient, key: key), softLimit: softLimit)
        switch try await store.applyReport(change, now: now) {
        case .applied(let done, _): result.action = done
        case .duplicate: result.action = .none; result.duplicate = true
        case .unknownSubscriber: result.action = .none
        }
        return result
    }

    /// The subscriber, issue and recipient a report is about, or nil.
    public func attribute(_ report: InboundReport, now: Date) async throws -> (Subscriber, String?, ReportRecipient?)? {
        func recipient(for subscriber: Subscriber) -> ReportRecipient? {
            report.recipients.first { $0.email.caseInsensitiveCompare(subscriber.email) == .orderedSame }
                ?? report.recipients.first { $0.action == "failed" } ?? report.recipients.first
        }
        if let base = bounceAddress {
            for address in report.envelopeAddresses {
                guard let tag = VERPTag.parse(address: address, base: base, secret: secret),
                      let subscriber = try await store.subscriber(id: tag.subscriberID) else { continue }
                return (subscriber, tag.issueID, recipient(for: subscriber))
            }
        }
        for id in report.originalMessageIDs {
            guard let copy = try await ledger.delivery(messageID: id),
                  let subscriber = try await store.subscriber(id: copy.subscriberID) else { continue }
            return (subscriber, copy.issueID, recipient(for: subscriber))
        }
        for token in report.unsubscribeTokens {
            guard let verified = try? SubscriberToken.verify(token, purpose: .unsubscribe, secret: secret, now: now),
                  let subscriber = try await store.subscriber(verified.email) else { continue }
            return (subscriber, nil, recipient(for: subscriber))
        }
        if report.kind == .unsubscribe {
            guard let from = report.from, let subscriber = try await store.subscriber(from) else { return nil }
            return (subscriber, nil, recipient(for: subscriber))
        }
        let candidates = report.recipients.filter { $0.action == "failed" } + report.recipients.filter { $0.action != "failed" }
        for r in candidates {
            if let subscriber = try await store.subscriber(r.email) { return (subscriber, nil, r) }
        }
        return nil
    }

    /// The consent log's line: the report's Message-ID, the status and the diagnostic.
    static func detail(_ report: InboundReport, recipient: ReportRecipient?, key: String) -> String {
        var parts = ["report <\(report.messageID ?? key)>", report.kind.rawValue]
        if let type = report.feedbackType { parts.append("feedback-type \(type)") }
        if let status = recipient?.status { parts.append(status) }
        if let diagnostic = recipient?.diagnostic { parts.append(String(diagnostic.prefix(400))) }
        return parts.joined(separator: "; ")
    }
}
