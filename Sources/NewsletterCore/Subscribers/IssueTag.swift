import Crypto
import Foundation

/// The signed issue on an unsubscribe link (`?issue=ID&t=TAG`), so that reports can say
/// which issue a person left from; the unsubscribe token itself is unchanged.
public enum IssueTag {
    /// 16 base64url characters of HMAC-SHA256 over the issue and the address.
    public static func make(issue: String, email: String, secret: SymmetricKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("issue|\(issue)|\(email.lowercased())".utf8), using: secret)
        return String(SubscriberToken.base64url(Data(mac)).prefix(16))
    }

    /// The query that goes after an unsubscribe URL.
    public static func query(issue: String, email: String, secret: SymmetricKey) -> String {
        "?issue=" + encoded(issue) + "&t=" + make(issue: issue, email: email, secret: secret)
    }

    /// The issue as a query value: as it is when it holds only ASCII letters, digits and
    /// `-._` (every issue ID this tool makes), else percent-encoded.
    static func encoded(_ issue: String) -> String {
        let plain = issue.utf8.allSatisfy { Byte.isLetter($0) || Byte.isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") }
        return plain ? issue : (issue.addingPercentEncoding(withAllowedCharacters: allowed) ?? issue)
    }

    private static let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._"))
}
