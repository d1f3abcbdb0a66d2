import Foundation
import NewsletterCore

/// An SMTP failure, classified the way delivery needs it (RFC 5321 §4.2.1).
public enum SMTPError: Error, Equatable, CustomStringConvertible {
    /// 4xx, or a connection that failed or dropped: try again later.
    case transient(code: Int, reply: String)
    /// 5xx: the address is refused; do not try again.
    case permanent(code: Int, reply: String)
    case configuration(String)

    public var isPermanent: Bool { if case .permanent = self { true } else { false } }

    public var description: String {
        switch self {
        case .transient(let code, let reply): return "The SMTP server deferred the message (\(code == 0 ? "no reply" : String(code))): \(reply)."
        case .permanent(let code, let reply): return "The SMTP server refused the message (\(code)): \(reply)."
        case .configuration(let message): return message
        }
    }
}
