/// An SPF record read term by term (RFC 7208 §4.6, §5, §6).
public struct SPFRecord: Sendable, Equatable {
    public enum Qualifier: Character, Sendable {
        case pass = "+", fail = "-", softfail = "~", neutral = "?"
    }

    public enum Term: Sendable, Equatable {
        case mechanism(Qualifier, name: String, value: String?)
        case modifier(name: String, value: String)
    }

    public var terms: [Term]

    public struct SyntaxError: Error, CustomStringConvertible {
        public let description: String
    }

    static let mechanisms: Set<String> = ["all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"]
    /// Mechanisms and modifiers that cost a DNS query (RFC 7208 §4.6.4).
    static let querying: Set<String> = ["include", "a", "mx", "ptr", "exists", "redirect"]

    /// True for a TXT string that is an SPF record (`v=spf1` then a space or nothing, §4.5).
    public static func isSPF(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower == "v=spf1" || lower.hasPrefix("v=spf1 ")
    }

    /// Reads `v=spf1 …`; throws on a term that is neither a known mechanism nor a modifier.
    public init(_ text: String) throws {
        guard Self.isSPF(text) else { throw SyntaxError(description: "it does not start with v=spf1") }
        terms = []
        for word in text.split(separator: " ").dropFirst() {
            var term = Substring(word)
            // A modifier: name "=" value, where the name is letters, digits, '-', '_', '.'.
            if let eq = term.firstIndex(of: "="), !term[..<eq].contains(":"), !term[..<eq].contains("/") {
                let name = term[..<eq].lowercased()
                guard let first = name.first, first.isLetter, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                    throw SyntaxError(description: "'\(word)' is not a valid modifier")
                }
                terms.append(.modifier(name: name, value: String(term[term.index(after: eq)...])))
                continue
            }
            var qualifier = Qualifier.pass
            if let q = term.first.flatMap(Qualifier.init(rawValue:)) {
                qualifier = q
                term = term.dropFirst()
            }
            let nameEnd = term.firstIndex { $0 == ":" || $0 == "/" } ?? term.endIndex
            let name = term[..<nameEnd].lowercased()
            guard Self.mechanisms.contains(name) else { throw SyntaxError(description: "'\(word)' is not an SPF mechanism") }
            var value: String?
            if nameEnd < term.endIndex {
                value = term[nameEnd] == ":" ? String(term[term.index(after: nameEnd)...]) : String(term[nameEnd...])
            }
            if value?.isEmpty == true { throw SyntaxError(description: "'\(word)' has nothing after its ':'") }
            switch name {
            case "include", "exists", "ip4", "ip6":
                guard let value, !value.isEmpty, !value.hasPrefix("/") else { throw SyntaxError(description: "'\(word)' needs a value after '\(name):'") }
            case "all":
                guard value == nil else { throw SyntaxError(description: "'\(word)': all takes no value") }
            default:
                break
            }
            terms.append(.mechanism(qualifier, name: name, value: value))
        }
        let redirects = terms.filter { if case .modifier("redirect", _) = $0 { true } else { false } }.count
        let exps = terms.filter { if case .modifier("exp", _) = $0 { true } else { false } }.count
        guard redirects <= 1, exps <= 1 else { throw SyntaxError(description: "redirect= and exp= may appear at most once each") }
    }

    /// The qualifier of `all`, nil when the record has none.
    public var all: Qualifier? {
        for term in terms { if case .mechanism(let q, "all", _) = term { return q } }
        return nil
    }

    /// The `redirect=` domain; RFC 7208 §6.1 ignores it when the record has `all`.
    public var redirect: String? {
        guard all == nil else { return nil }
        for term in terms { if case .modifier("redirect", let value) = term { return value } }
        return nil
    }

    /// The domains of `include:` mechanisms, in order.
    public var includes: [String] {
        terms.compactMap { if case .mechanism(_, "include", let value) = $0 { value } else { nil } }
    }

    /// The terms that query DNS in this record alone (includes and redirect counted once,
    /// not followed).
    public var ownLookups: Int {
        terms.filter { term in
            switch term {
            case .mechanism(_, let name, _): Self.querying.contains(name)
            case .modifier(let name, _): name == "redirect" && all == nil
            }
        }.count
    }

    /// True when the record uses `ptr`, which RFC 7208 §5.5 says not to use.
    public var usesPTR: Bool {
        terms.contains { if case .mechanism(_, "ptr", _) = $0 { true } else { false } }
    }
}
