/// Email addresses found in free text: `<addr>`, `addr`, quoted in bounce texts.
enum Addresses {
    /// The first address in `text`, lowercased, without brackets.
    static func first(in text: some StringProtocol) -> String? {
        all(in: text).first
    }

    static func all(in text: some StringProtocol) -> [String] {
        var out: [String] = []
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func isLocal(_ c: Unicode.Scalar) -> Bool {
            (c.properties.isAlphabetic || ("0"..."9").contains(c) || "!#$%&'*+/=?^_`{|}~.-".unicodeScalars.contains(c)) && c != "\u{3000}"
        }
        func isDomain(_ c: Unicode.Scalar) -> Bool {
            c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "-" || c == "." || c == "[" || c == "]" || c == ":"
        }
        while i < scalars.count {
            guard scalars[i] == "@" else { i += 1; continue }
            var s = i
            while s > 0, isLocal(scalars[s - 1]) { s -= 1 }
            // A quoted local part: "neko..nyaan"@domain (RFC 5321 §4.1.2).
            if s == i, i > 1, scalars[i - 1] == "\"", let open = scalars[..<(i - 1)].lastIndex(of: "\""), i - open < 66 {
                s = open
            }
            var e = i + 1
            while e < scalars.count, isDomain(scalars[e]) { e += 1 }
            var local = String(String.UnicodeScalarView(scalars[s..<i]))
            var domain = String(String.UnicodeScalarView(scalars[(i + 1)..<e]))
            while local.hasPrefix(".") || local.hasPrefix("'") { local.removeFirst() }
            while let last = domain.last, last == "." || last == "-" || last == ":" || last == "]" && !domain.hasPrefix("[") { domain.removeLast() }
            if !local.isEmpty, domain.contains("."), !local.hasSuffix(".") {
                out.append((local + "@" + domain).lowercased())
            }
            i = e
        }
        return out
    }
}
