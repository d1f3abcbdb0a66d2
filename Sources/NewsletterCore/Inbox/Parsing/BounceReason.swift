/// Why a delivery failed, in a word; `isHard` says whether the address itself is gone.
/// The names follow the vocabulary bounce analysers share (Sisimai's reasons).
public enum BounceReason: String, Sendable, Codable, CaseIterable {
    case userUnknown = "userunknown"
    case hostUnknown = "hostunknown"
    case hasMoved = "hasmoved"
    case notAccept = "notaccept"
    case mailboxFull = "mailboxfull"
    case suspend
    case blocked
    case spamDetected = "spamdetected"
    case policyViolation = "policyviolation"
    case securityError = "securityerror"
    case virusDetected = "virusdetected"
    case filtered
    case rejected
    case noRelaying = "norelaying"
    case tooManyConnections = "toomanyconn"
    case messageTooBig = "mesgtoobig"
    case exceedLimit = "exceedlimit"
    case contentError = "contenterror"
    case syntaxError = "syntaxerror"
    case networkError = "networkerror"
    case systemError = "systemerror"
    case systemFull = "systemfull"
    case mailerError = "mailererror"
    case expired
    case onHold = "onhold"
    case delivered
    case feedback
    case vacation
    case undefined

    /// The address is gone: unknown user or domain, moved elsewhere, a host that says it
    /// takes no mail. A full mailbox, a block, a policy refusal or a DNS failure is not
    /// hard; those count as soft.
    public var isHard: Bool {
        switch self {
        case .userUnknown, .hostUnknown, .hasMoved, .notAccept: true
        default: false
        }
    }
}
