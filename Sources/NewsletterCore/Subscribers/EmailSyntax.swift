import Foundation

/// Checks and normalises email addresses: the addr-spec of RFC 5322 §3.4.1 (dot-atom or
/// quoted local part; no comments or folding), the length limits of RFC 5321 §4.5.3.1, and
/// domains of LDH labels or internationalised labels (RFC 5890).
public enum EmailSyntax {
    /// Why an address was refused.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case empty, noAt, localPart, domain, tooLong

        public var description: String {
            switch self {
            case .empty: "is empty"
            case .noAt: "has no '@'"
            case .localPart: "has an invalid part before the '@'"
            case .domain: "has an invalid domain"
            case .tooLong: "is longer than 254 characters"
            }
        }
    }

    /// The address trimmed, with the domain lowercased (the local part keeps its case:
    /// RFC 5321 §2.4 lets the receiving host decide), or the problem with it.
    public static func normalise(_ raw: String) -> Result<String, Problem> {
        if let fast = normaliseASCII(raw) { return .success(fast) }
        let s = Byte.trimmed(raw).trimmingCharacters(in: .init(charactersIn: "<>"))
        guard !s.isEmpty else { return .failure(.empty) }
        guard let at = s.lastIndex(of: "@") else { return .failure(.noAt) }
        let local = String(s[..<at])
        let domain = String(s[s.index(after: at)...]).lowercased()
        guard !local.isEmpty, local.utf8.count <= 64, isValidLocal(local) else { return .failure(.localPart) }
        guard isValidDomain(domain) else { return .failure(.domain) }
        let address = local + "@" + domain
        guard address.utf8.count <= 254 else { return .failure(.tooLong) }
        return .success(address)
    }

    /// The common case on bytes: a plain ASCII dot-atom address; nil sends it to the full check.
    static func normaliseASCII(_ raw: String) -> String? {
        var bytes = Array(raw.utf8)
        guard bytes.count <= 254, bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "<") }) else { return nil }
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")), at > 0, at <= 64, at < bytes.count - 3 else { return nil }
        // Local part: atext and single dots, not at either end.
        var previousDot = true
        for b in bytes[..<at] {
            if b == UInt8(ascii: ".") {
                if previousDot { return nil }
                previousDot = true
            } else {
                guard atextBytes[Int(b)] else { return nil }
                previousDot = false
            }
        }
        if previousDot { return nil }
        // Domain: LDH labels of 1–63, at least two, the last not all digits.
        var labelLength = 0
        var labels = 0
        var lastAllDigits = true
        var previous: UInt8 = UInt8(ascii: ".")
        for i in (at + 1)..<bytes.count {
            var b = bytes[i]
            if b >= 0x41, b <= 0x5A { b |= 0x20; bytes[i] = b }
            if b == UInt8(ascii: ".") {
                guard labelLength > 0, previous != UInt8(ascii: "-") else { return nil }
                labels += 1
                labelLength = 0
                lastAllDigits = true
            } else {
                let isDigit = b >= 0x30 && b <= 0x39
                guard isDigit || (b >= 0x61 && b <= 0x7A) || (b == UInt8(ascii: "-") && labelLength > 0) else { return nil }
                if !isDigit { lastAllDigits = false }
                labelLength += 1
                guard labelLength <= 63 else { return nil }
            }
            previous = b
        }
        guard labelLength > 0, previous != UInt8(ascii: "-"), labels >= 1, !lastAllDigits else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let atextBytes: [Bool] = (0..<128).map { b in
        let c = Character(Unicode.Scalar(UInt8(b)))
        return "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".contains(c)
    }

    static let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~")

    static func isValidLocal(_ local: String) -> Bool {
        if local.hasPrefix("\""), local.hasSuffix("\""), local.count >= 2 {
            // quoted-string: printable ASCII, with \ escapes.
            let inner = local.dropFirst().dropLast()
            var escaped = false
            for ch in inner {
                guard let a = ch.asciiValue, a >= 32, a < 127 else { return false }
                if escaped { escaped = false } else if ch == "\\" { escaped = true } else if ch == "\"" { return false }
            }
            return !escaped
        }
        let atoms = local.split(separator: ".", omittingEmptySubsequences: false)
        return atoms.allSatisfy { !$0.isEmpty && $0.allSatisfy { atext.contains($0) || !$0.isASCII } }
    }

    static func isValidDomain(_ domain: String) -> Bool {
        guard domain.utf8.count <= 253, !domain.isEmpty else { return false }
        if domain.hasPrefix("["), domain.hasSuffix("]") { return true } // address literal
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard !label.isEmpty, label.utf8.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-") else { return false }
            guard label.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { return false }
        }
        // The top-level label is not all digits.
        return !(labels.last!.allSatisfy(\.isNumber))
    }
}
