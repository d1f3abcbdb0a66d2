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
