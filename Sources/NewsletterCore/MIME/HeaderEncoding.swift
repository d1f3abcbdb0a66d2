import Foundation

/// Header field encoding: RFC 2047 encoded-words for non-ASCII, quoting of display names
/// (RFC 5322 §3.2.4), and folding (RFC 5322 §2.2.3) so that lines stay within 78 octets.
/// CR, LF and other controls in a value become spaces: no value can start a new field.
public enum HeaderEncoding {
    /// A complete `Name: value` field, folded, without the final CRLF.
    public static func field(_ name: String, _ value: HeaderValue) -> String {
        let prefix = name + ": "
        switch value {
        case .encoded(let field):
            return field
        case .raw(let raw):
            let clean = sanitize(raw)
            if fitsOneLine(prefix, clean) { return prefix + clean }
            return foldASCII(prefix, clean) ?? fold(prefix, words: clean.split(separator: " ", omittingEmptySubsequences: true).map(String.init))
        case .text(let text):
            let clean = sanitize(text)
            if isPlainASCII(clean) {
                return fold(prefix, words: clean.split(separator: " ", omittingEmptySubsequences: true).map(String.init))
            }
            return fold(prefix, words: encodedWords(clean, firstLineUsed: prefix.utf8.count))
        case .addresses(let list):
            var words: [String] = []
            for (i, mailbox) in list.enumerated() {
                var mailboxWords = displayNameWords(mailbox.name, firstLineUsed: prefix.utf8.count)
                var bare = sanitize(mailbox.address)
                if bare.utf8.contains(UInt8(ascii: " ")) { bare.removeAll { $0 == " " } }
                let address = "<" + bare + ">"
                mailboxWords.append(address)
                if i < list.count - 1 { mailboxWords[mailboxWords.count - 1] += "," }
                words += mailboxWords
            }
            return fold(prefix, words: words)
        }
    }

    /// Whether `prefix` and `value` make one line of at most 78 octets that folding would
    /// leave as it is: no leading, trailing or doubled space.
    static func fitsOneLine(_ prefix: String, _ value: String) -> Bool {
        let bytes = value.utf8
        guard prefix.utf8.count + bytes.count <= 78, bytes.first != UInt8(ascii: " "), bytes.last != UInt8(ascii: " ") else { return false }
        var previous: UInt8 = 0
        for b in bytes {
            if b == UInt8(ascii: " "), previous == b { return false }
            previous = b
        }
        return true
    }

    /// Replaces CR, LF and other control characters (but not tab) with spaces.
    public static func sanitize(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F || $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{85}" }) else { return s }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            if (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{85}" {
                out.append(" ")
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    static func isPlainASCII(_ s: String) -> Bool {
        // "=?" would read as an encoded-word; an overlong word cannot be folded.
        var previous: UInt8 = 0
        var run = 0
        for byte in s.utf8 {
            if byte >= 0x80 || (previous == UInt8(ascii: "=") && byte == UInt8(ascii: "?")) { return false }
            run = byte == UInt8(ascii: " ") ? 0 : run + 1
            if run > 900 { return false }
            previous = byte
        }
        return true
    }

    /// The words of a display name: quoted when it has specials, encoded when not ASCII.
    static func displayNameWords(_ name: String?, firstLineUsed: Int) -> [String] {
        guard let raw = name else { return [] }
        let name = HTMLText.collapseWhitespace(sanitize(raw))
        guard !name.isEmpty else { return [] }
        if !isPlainASCII(name) { return encodedWords(name, firstLineUsed: firstLineUsed) }
        if name.utf8.contains(where: { specials.contains($0) }) {
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return ("\"" + escaped + "\"").split(separator: " ").map(String.init)
        }
        return name.split(separator: " ").map(String.init)
    }

    private static let specials = Set("()<>[]:;@\\,.\"".utf8)

    /// RFC 2047 §4.1 "B" encoded-words of at most 75 octets, split between characters, never
    /// inside one (§5), the first sized to fit after the field name.
    static func encodedWords(_ text: String, firstLineUsed: Int) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        var limit = maxPayloadBytes(lineSpace: 78 - firstLineUsed)
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunk.isEmpty, chunk.count + bytes.count > limit {
                words.append(encodedWord(chunk))
                chunk.removeAll()
                limit = maxPayloadBytes(lineSpace: 77)
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(encodedWord(chunk)) }
        return words
    }

    private static func maxPayloadBytes(lineSpace: Int) -> Int {
        // "=?UTF-8?B?" + base64 + "?=" within both the line and the 75-octet word limit.
        let room = min(75, max(lineSpace, 24)) - 12
        return max(3, room / 4 * 3)
    }

    static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }

    /// `fold` of an ASCII value's space-separated words, in one pass over its bytes (a long
    /// List-Unsubscribe is folded for every copy); nil when the value is not ASCII.
    static func foldASCII(_ prefix: String, _ value: String) -> String? {
        var value = value
        return value.withUTF8 { bytes -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(prefix.utf8.count + bytes.count + 16)
            out.append(contentsOf: prefix.utf8)
            var lineLength = prefix.utf8.count
            var first = true
            var i = 0
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: " ") {
                    i += 1
                    continue
                }
                var end = i
                while end < bytes.count, bytes[end] != UInt8(ascii: " ") {
                    if bytes[end] >= 0x80 { return nil }
                    end += 1
                }
                let length = end - i
                if first {
                    lineLength += length
                    first = false
                } else if lineLength + 1 + length > 78 {
                    out.append(contentsOf: [13, 10, 32])
                    lineLength = 1 + length
                } else {
                    out.append(32)
                    lineLength += 1 + length
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<end]))
                i = end
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Joins words with spaces, starting a new line (CRLF SP) before a word that would pass 78.
    static func fold(_ prefix: String, words: [String]) -> String {
        var out = prefix
        var lineLength = prefix.utf8.count
        var first = true
        for word in words {
            let length = word.utf8.count
            if first {
                out += word
                lineLength += length
                first = false
            } else if lineLength + 1 + length > 78 {
                out += "\r\n " + word
                lineLength = 1 + length
            } else {
                out += " " + word
                lineLength += 1 + length
            }
        }
        return out
    }
}
