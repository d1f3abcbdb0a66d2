/// A DMARC policy record at `_dmarc.domain`, read as RFC 9989 §4.7 says: `v=DMARC1` must come
/// first (else it is no DMARC record); unknown tags are ignored; a tag with a value outside
/// its grammar is noted and its default used; RFC 7489's `pct`, `rf` and `ri`, which RFC 9989
/// removed, are noted and ignored.
public struct DMARCRecord: Sendable {
    /// `psd=`: whether the record is a public suffix operator's (RFC 9989 §4.7).
    public enum PublicSuffixFlag: String, Sendable {
        case yes = "y", no = "n", unknown = "u"
    }

    /// `p=`; nil when the tag is missing or its value is not none, quarantine or reject.
    public var policy: String?
    /// `sp=`: for existing subdomains of the domain queried.
    public var subdomainPolicy: String?
    /// `np=`: for subdomains of the domain queried that do not exist.
    public var nonexistentPolicy: String?
    public var psd: PublicSuffixFlag
    /// `t=y`: the domain owner is testing the policy and asks receivers not to apply it.
    public var testing: Bool
    /// `adkim=s` / `aspf=s`: strict alignment (the same domain, not just the organisation).
    public var strictDKIM: Bool
    public var strictSPF: Bool
    public var reportAddresses: [String]
    /// Tags written with a value their grammar does not allow, as `p=block`.
    public var invalid: [String]
    /// RFC 7489 tags that RFC 9989 removed, as written (`pct=50`).
    public var removed: [String]

    public struct SyntaxError: Error, CustomStringConvertible {
        public let description: String
    }

    static let policies: Set<String> = ["none", "quarantine", "reject"]
    static let removedTags = ["pct", "rf", "ri"]

    public static func isDMARC(_ text: String) -> Bool {
        let lower = text.lowercased().filter { $0 != " " && $0 != "\t" }
        return lower == "v=dmarc1" || lower.hasPrefix("v=dmarc1;")
    }

    public init(_ text: String) throws {
        let tags = TagList(text)
        guard tags.firstName == "v", tags["v"] == "DMARC1" else { throw SyntaxError(description: "it does not start with v=DMARC1") }
        var invalid: [String] = []
        func value(_ tag: String, _ allowed: Set<String>) -> String? {
            guard let raw = tags[tag] else { return nil }
            let lower = raw.lowercased()
            guard allowed.contains(lower) else {
                invalid.append("\(tag)=\(raw)")
                return nil
            }
            return lower
        }
        policy = value("p", Self.policies)
        subdomainPolicy = value("sp", Self.policies)
        nonexistentPolicy = value("np", Self.policies)
        psd = value("psd", ["y", "n", "u"]).flatMap(PublicSuffixFlag.init(rawValue:)) ?? .unknown
        testing = value("t", ["y", "n"]) == "y"
        strictDKIM = value("adkim", ["r", "s"]) == "s"
        strictSPF = value("aspf", ["r", "s"]) == "s"
        reportAddresses = (tags["rua"] ?? "").split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        removed = Self.removedTags.compactMap { tag in tags[tag].map { "\(tag)=\($0)" } }
        self.invalid = invalid
    }

    /// Whether `rua=` names at least one URI (a scheme, a colon and more).
    public var hasReportAddress: Bool {
        reportAddresses.contains { uri in
            guard let colon = uri.firstIndex(of: ":"), colon != uri.startIndex, uri.index(after: colon) != uri.endIndex else { return false }
            return uri[..<colon].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }
        }
    }

    /// Whether `p`, `sp` and `np` can be applied as written. When they cannot, receivers act
    /// as if the record said `p=none` if it asks for aggregate reports, and otherwise apply
    /// no DMARC at all (RFC 9989 §4.10.1).
    public var policiesUsable: Bool {
        policy != nil && !invalid.contains { $0.hasPrefix("p=") || $0.hasPrefix("sp=") || $0.hasPrefix("np=") }
    }

    /// The policy a receiver applies to mail from `relation` to the domain holding this
    /// record; nil when it applies no DMARC (RFC 9989 §4.10.1).
    public func policy(for relation: Relation) -> String? {
        guard policiesUsable else { return hasReportAddress ? "none" : nil }
        switch relation {
        case .itself: return policy
        case .subdomain: return subdomainPolicy ?? policy
        case .nonexistentSubdomain: return nonexistentPolicy ?? subdomainPolicy ?? policy
        }
    }

    /// Where the From domain stands to the domain whose record applies.
    public enum Relation: Sendable {
        case itself, subdomain, nonexistentSubdomain

        /// The tag whose policy applies, for sentences.
        public var tag: String {
            switch self {
            case .itself: "p"
            case .subdomain: "sp"
            case .nonexistentSubdomain: "np"
            }
        }
    }
}
