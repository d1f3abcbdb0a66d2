/// The rules that turn a report about one recipient into an action (issue 12, "Policy"):
/// a hard bounce bounces the address at once, a soft one counts, a delay changes nothing, a
/// complaint marks the address complained, a mailed request unsubscribes it. Pure.
public enum InboxPolicy {
    /// - Parameter feedbackType: an ARF report's type: `opt-out` (RFC 5965 §7.3) is a
    ///   request to leave; `auth-failure` (RFC 6591) speaks of the sender's
    ///   authentication, not of the recipient, and changes nothing.
    public static func action(kind: ReportKind, recipient: ReportRecipient?, feedbackType: String? = nil) -> ReportAction {
        switch kind {
        case .bounce:
            guard let recipient, recipient.action == "failed" else { return .none }
            return recipient.hard ? .bounced : .softBounce
        case .complaint:
            switch feedbackType {
            case "opt-out": return .unsubscribed
            case "auth-failure", "dmarc", "not-spam": return .none
            default: return .complained
            }
        case .unsubscribe:
            return .unsubscribed
        case .delay, .autoreply, .other:
            return .none
        }
    }
}
