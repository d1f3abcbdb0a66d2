import Crypto

/// Each copy's envelope sender (`MAIL FROM`): one address for all, or a VERP address per
/// copy (`bounces+TAG@domain`, see `VERPTag`) so that a bounce names the copy it answers.
public enum EnvelopeSender: Sendable {
    case fixed(String)
    case verp(base: String, secret: SymmetricKey)

    /// The sender of one subscriber's copy of an issue.
    public func address(subscriberID: Int64, issueID: String) -> String {
        switch self {
        case .fixed(let address):
            return address
        case .verp(let base, let secret):
            guard VERPTag.canTag(issueID: issueID) else { return base }
            return VERPTag(subscriberID: subscriberID, issueID: issueID).address(base: base, secret: secret)
        }
    }
}
