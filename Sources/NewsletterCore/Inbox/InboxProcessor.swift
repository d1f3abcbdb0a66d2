import Crypto
import Foundation

/// Attributes each received report to a subscriber and an issue and applies the policy:
/// the one path for mailed reports (Maildir, IMAP, POP3, a pipe) and for email services'
/// webhooks.
///
/// Attribution, most certain first: the signed VERP tag of the address the report came
/// back to; our Message-ID quoted in the report (looked up in the send ledger); an
/// unsubscribe token quoted in it (verified). Each proves that the report answers a copy we
/// sent. The failed recipient's address (or, for a mailed request, the sender's) proves
/// nothing, since anyone can write a bounce naming anyone: it attributes a report only
/// under `InboxTrust.address`, or for an email service's signed webhook event.
public struct InboxProcessor: Sendable {
    public let store: any SubscriberDirectory & ReportSink
    public let ledger: any IssueArchive
    public let secret: SymmetricKey
    /// `NEWSLETTER_BOUNCE_ADDRESS`, the base of the VERP addresses.
    public let bounceAddress: String?
    public let softLimit: Int
    /// What a mailed report must show before it changes anyone.
    public let trust: InboxTrust

    public init(store: any SubscriberDirectory & ReportSink, ledger: any IssueArchive, secret: SymmetricKey, bounceAddress: String?, softLimit: Int = 3,
                trust: InboxTrust = .proof) {
        self.store = store
        self.ledger = ledger
        self.secret = secret
        self.bounceAddress = bounceAddress
        self.softLimit = softLimit
        self.trust = trust
    }

    /// Why a report that names one of our subscribers changed nothing: it proved nothing.
    public static let unprovenReason = "The report proves no link to a copy we sent (no valid VERP tag, no Message-ID of ours, no signed token), so it changes no one; NEWSLETTER_INBOX_TRUST=address also trusts addresses alone."

    /// What processing one report did (or, in a dry run, would do).
    public struct Result: Sendable, Equatable {
        public var report: InboundReport
        /// The subscriber's address the report was attributed to.
        public var subscriber: String?
        public var issue: String?
        public var action: ReportAction
        /// True when this reading was a replay of a report already applied.
        public var duplicate: Bool
        /// How the report was tied to the subscriber.
        public var proof: ReportProof?
        /// Why a report changed nothing when that is not plain from its kind.
        public var reason: String?
    }

    /// Attributes and applies one report.
    ///
    /// - Parameters:
    ///   - key: what identifies the report when it has no Message-ID (a hash of its bytes,
    ///     a webhook event's id).
    ///   - dryRun: attribute and decide, change nothing.
    ///   - signed: the report is an email service's webhook event whose signature verified,
    ///     so the address it names is the service's word, not a stranger's.
    public func process(_ report: InboundReport, key: String, dryRun: Bool, now: Date, signed: Bool = false) async throws -> Result {
        guard let found = try await attribute(report, now: now, addresses: signed || trust == .address) else {
            var result = Result(report: report, subscriber: nil, issue: nil, action: .none, duplicate: false)
            if try await namesSubscriber(report) { result.reason = Self.unprovenReason }
            return result
        }
        let (subscriber, issue, recipient) = (found.subscriber, found.issue, found.recipient)
        let action = InboxPolicy.action(kind: report.kind, recipient: recipient, feedbackType: report.feedbackType)
        var result = Result(report: report, subscriber: subscriber.email, issue: issue, action: action, duplicate: false,
                            proof: found.proof == .address && signed ? .webhook : found.proof)
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

    /// Who a report is about, which issue, which of its recipients, and how that is known.
    public struct Attribution: Sendable {
        public var subscriber: Subscriber
        public var issue: String?
        public var recipient: ReportRecipient?
        public var proof: ReportProof
    }

    /// The subscriber, issue and recipient a report is about, or nil.
    ///
    /// - Parameter addresses: whether an address alone (the failed recipient, a mailed
    ///   request's sender) may attribute the report when nothing proves it.
    public func attribute(_ report: InboundReport, now: Date, addresses: Bool) async throws -> Attribution? {
        func recipient(for subscriber: Subscriber) -> ReportRecipient? {
            report.recipients.first { $0.email.caseInsensitiveCompare(subscriber.email) == .orderedSame }
                ?? report.recipients.first { $0.action == "failed" } ?? report.recipients.first
        }
        if let base = bounceAddress {
            for address in report.envelopeAddresses {
                guard let tag = VERPTag.parse(address: address, base: base, secret: secret),
                      let subscriber = try await store.subscriber(id: tag.subscriberID) else { continue }
                return Attribution(subscriber: subscriber, issue: tag.issueID, recipient: recipient(for: subscriber), proof: .verp)
            }
        }
        for id in report.originalMessageIDs {
            guard let copy = try await ledger.delivery(messageID: id),
                  let subscriber = try await store.subscriber(id: copy.subscriberID) else { continue }
            return Attribution(subscriber: subscriber, issue: copy.issueID, recipient: recipient(for: subscriber), proof: .messageID)
        }
        for token in report.unsubscribeTokens {
            guard let verified = try? SubscriberToken.verify(token, purpose: .unsubscribe, secret: secret, now: now),
                  let subscriber = try await store.subscriber(verified.email) else { continue }
            return Attribution(subscriber: subscriber, issue: nil, recipient: recipient(for: subscriber), proof: .token)
        }
        guard addresses else { return nil }
        if report.kind == .unsubscribe {
            guard let from = report.from, let subscriber = try await store.subscriber(from) else { return nil }
            return Attribution(subscriber: subscriber, issue: nil, recipient: recipient(for: subscriber), proof: .address)
        }
        for r in Self.candidates(report) {
            if let subscriber = try await store.subscriber(r.email) {
                return Attribution(subscriber: subscriber, issue: nil, recipient: r, proof: .address)
            }
        }
        return nil
    }

    /// The recipients an address fallback would try: the failed ones first.
    static func candidates(_ report: InboundReport) -> [ReportRecipient] {
        report.recipients.filter { $0.action == "failed" } + report.recipients.filter { $0.action != "failed" }
    }

    /// Whether an address in the report (a recipient, a mailed request's sender) is one of
    /// our subscribers: a report that would have changed someone had it proved itself.
    func namesSubscriber(_ report: InboundReport) async throws -> Bool {
        guard report.kind != .autoreply, report.kind != .other, report.kind != .delay else { return false }
        if report.kind == .unsubscribe, let from = report.from { return try await store.subscriber(from) != nil }
        for r in Self.candidates(report) where try await store.subscriber(r.email) != nil { return true }
        return false
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
