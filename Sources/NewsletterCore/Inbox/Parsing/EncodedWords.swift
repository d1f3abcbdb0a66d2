import Foundation

/// Decodes RFC 2047 encoded-words (`=?charset?B?…?=`, `=?charset?Q?…?=`) in a header value;
/// white space between two adjacent encoded-words is dropped (RFC 2047 §6.2), and a word
/// that cannot be decoded is left as it is.
public enum EncodedWords {
    public static func decode(_ value: String) -> String {
        guard Substring(value).asciiRange(of: "=?") != nil else { return value }
        var out = ""
        var rest = Substring(value)
        var pendingSpace = ""
        var lastWasWord = false
        while let start = rest.asciiRange(of: "=?") {
            let before = rest[..<start.lowerBound]
            let afterStart = rest[start.upperBound...]
            guard let word = parseWord(afterStart) else {
                out += pendingSpace + before + "=?"
                pendingSpace = ""
                rest = afterStart
                lastWasWord = false
                continue
            }
            if lastWasWord && before.allSatisfy({ $0 == " " || $0 == "\t" }) {
                // adjacent encoded-words: the space between them is not text
            } else {
                out += pendingSpace + before
            }
            pendingSpace = ""
            out += word.text
            rest = word.rest
            lastWasWord = true
        }
        out += pendingSpace + rest
        return out
    }

    private static func parseWord(_ s: Substring) -> (text: String, rest: Substring)? {
        let pieces = s.split(separator: "?", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, !pieces[0].isEmpty, pieces[1].count == 1 else { return nil }
        guard let end = pieces[2].asciiRange(of: "?=") else { return nil }
        let payload = pieces[2][..<end.lowerBound]
        var charset = String(pieces[0])
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) } // RFC 2231 language
        let bytes: [UInt8]
        switch pieces[1].lowercased() {
        case "b": bytes = TransferEncoding.base64(Array(payload.utf8))
        case "q": bytes = TransferEncoding.quotedPrintable(Array(payload.replacingOccurrences(of: "_", with: " ").utf8))
        default: return nil
        }
        return (Charsets.decode(bytes, charset: charset), pieces[2][end.upperBound...])
    }
}
