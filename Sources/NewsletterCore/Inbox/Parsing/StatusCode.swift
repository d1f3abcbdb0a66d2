/// RFC 3463 enhanced status codes (`class.subject.detail`) and SMTP reply codes (RFC 5321
/// §4.2) found in free text.
enum StatusCode {
    /// The first `2.x.x`, `4.x.x` or `5.x.x` code in `text`, not part of a longer number
    /// (an IP address or a version).
    static func first(_ text: String) -> String? {
        all(text).first
    }

    /// The code a remote server gave after its reply code (`550 5.7.1`, `550-'5.2.2`),
    /// else the first code in `text`.
    static func best(_ text: String) -> String? {
        let codes = all(text)
        guard codes.count > 1 else { return codes.first }
        for code in codes {
            guard let r = text.range(of: code) else { continue }
            let before = text[..<r.lowerBound].suffix(6).filter { !"-'\" ".contains($0) }
            if before.count >= 3, before.suffix(3).allSatisfy(\.isNumber), before.suffix(3).first == code.first { return code }
        }
        return codes.first
    }

    /// The first code that opens a quoted reply (`550-'5.7.1 …'`, `"5.2.1 …"`).
    static func quoted(_ text: String) -> String? {
        for code in all(text) {
            guard let r = text.range(of: code), r.lowerBound > text.startIndex else { continue }
            let before = text[text.index(before: r.lowerBound)]
            if before == "'" || before == "\"" { return code }
        }
        return nil
    }

    static func all(_ text: String) -> [String] {
        var found: [String] = []
        let u = Array(text.utf8)
        var i = 0
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        while i < u.count {
            let b = u[i]
            if (b == 50 || b == 52 || b == 53), i + 1 < u.count, u[i + 1] == 46,
               i == 0 || !(isDigit(u[i - 1]) || u[i - 1] == 46) {
                var j = i + 2
                let s1 = j
                while j < u.count, isDigit(u[j]), j - s1 < 3 { j += 1 }
                if j > s1, j < u.count, u[j] == 46 {
                    j += 1
                    let s2 = j
                    while j < u.count, isDigit(u[j]), j - s2 < 3 { j += 1 }
                    if j > s2, j == u.count || !(isDigit(u[j]) || (u[j] == 46 && j + 1 < u.count && isDigit(u[j + 1]))) {
                        found.append(String(decoding: u[i..<j], as: UTF8.self))
                        i = j
                        continue
                    }
                }
            }
            i += 1
        }
        return found
    }

    /// The first three-digit SMTP reply code (2xx, 4xx, 5xx) standing alone in `text`.
    static func reply(_ text: String) -> Int? {
        let u = Array(text.utf8)
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        var i = 0
        while i + 2 < u.count {
            if (u[i] == 50 || u[i] == 52 || u[i] == 53), isDigit(u[i + 1]), isDigit(u[i + 2]),
               i == 0 || !(isDigit(u[i - 1]) || u[i - 1] == 46 || u[i - 1] == 35 || u[i - 1] == 58),
               i + 3 == u.count || u[i + 3] == 32 || u[i + 3] == 45 || u[i + 3] == 10 {
                return Int(String(decoding: u[i..<i + 3], as: UTF8.self))
            }
            i += 1
        }
        return nil
    }
}
