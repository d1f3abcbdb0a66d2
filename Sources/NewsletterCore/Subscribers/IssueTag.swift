import Crypto
import Foundation

/// The signed issue on an unsubscribe link (`?issue=ID&t=TAG`), so that reports can say
/// which issue a person left from; the unsubscribe token itself is unchanged.
public enum IssueTag {
    /// 16 base64url characters of HMAC-SHA256 over the issue and the address.
    public static func make(issue: String, email: String, secret: SymmetricKey) -> String {
        make(issue: issue, email: email, keyed: HMAC<SHA256>(key: secret))
    }

    /// The same with an authenticator already keyed with the secret.
    public static func make(issue: String, email: String, keyed: HMAC<SHA256>) -> String {
        var authenticator = keyed
        authenticator.update(data: Data("issue|\(issue)|\(email.lowercased())".utf8))
        return String(SubscriberToken.base64url(Data(authenticator.finalize())).prefix(16))
    }

    /// The query that goes after an unsubscribe URL.
    public static func query(issue: String, email: String, secret: SymmetricKey) -> String {
        query(issue: issue, email: email, keyed: HMAC<SHA256>(key: secret))
    }

    /// The same with an authenticator already keyed with the secret.
    public static func query(issue: String, email: String, keyed: HMAC<SHA256>) -> String {
        "?issue=" + encoded(issue) + "&t=" + make(issue: issue, email: email, keyed: keyed)
    }

    /// The issue as a query value: as it is when it holds only ASCII letters, digits and
    /// `-._` (every issue ID this tool makes), else percent-encoded.
    static func encoded(_ issue: String) -> String {
        let plain = issue.utf8.allSatisfy { Byte.isLetter($0) || Byte.isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") }
        return plain ? issue : (issue.addingPercentEncoding(withAllowedCharacters: allowed) ?? issue)
    }

    private static let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._"))
}
