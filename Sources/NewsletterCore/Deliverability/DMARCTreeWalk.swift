/// DMARC's DNS Tree Walk (RFC 9989 §4.10): the `_dmarc` records from a domain up to the
/// root, which find both the policy that applies to a From domain (§4.10.1) and a domain's
/// Organizational Domain for relaxed alignment (§4.10.2), with no public-suffix list. Each
/// name is asked once per run, however many walks pass it.
public final class DMARCTreeWalk {
    /// What `_dmarc.NAME` holds.
    public struct Found: Sendable {
        public let domain: String
        /// The one DMARC record there, or nil when there is none or several (which are discarded).
        public let record: DMARCRecord?
        /// How many `v=DMARC1` records the name holds.
        public let count: Int
    }

    /// The policy discovered for a From domain.
    public struct Discovery: Sendable {
        /// The names asked, in order (`_dmarc.` and the domain).
        public let asked: [String]
        /// The record that applies and the domain that holds it; nil when none applies.
        public let applied: Found?
        public let relation: DMARCRecord.Relation
        /// True when the record that applies is a public suffix operator's (`psd=y`).
        public let fromPublicSuffix: Bool
        public let organizationalDomain: String
        /// Names on the walk that hold more than one DMARC record.
        public let discarded: [Found]
    }

    /// The most labels a walk keeps after its first question: a longer name goes straight to
    /// its last seven labels, so no walk asks more than eight names (RFC 9989 §4.10 step 4).
    static let maxLabels = 7

    let resolver: any DNSResolver
    private var cache: [String: Found] = [:]

    public init(resolver: any DNSResolver) {
        self.resolver = resolver
    }

    /// The names a walk from `domain` asks, longest first.
    public static func targets(_ domain: String) -> [String] {
        var labels = domain.lowercased().split(separator: ".").map(String.init)
        var out: [String] = []
        while !labels.isEmpty {
            out.append(labels.joined(separator: "."))
            labels = labels.count > maxLabels ? Array(labels.suffix(maxLabels)) : Array(labels.dropFirst())
        }
        return out
    }

    func lookup(_ domain: String) async throws -> Found {
        if let known = cache[domain] { return known }
        let texts = try await resolver.lookup("_dmarc.\(domain)", .txt).compactMap(\.text).filter(DMARCRecord.isDMARC)
        let found = Found(domain: domain, record: texts.count == 1 ? try? DMARCRecord(texts[0]) : nil, count: texts.count)
        cache[domain] = found
        return found
    }

    /// The walk from `domain`: every name asked, and the records found, longest first. It
    /// stops at a record that says `psd=n`, or `psd=y` above the first name. A server that
    /// will not answer for a name above a record already found (an authoritative server
    /// asked about the zone above its own) ends the walk with what it found.
    func walk(_ domain: String) async throws -> (asked: [String], found: [Found], discarded: [Found]) {
        var asked: [String] = [], found: [Found] = [], discarded: [Found] = []
        for (step, name) in Self.targets(domain).enumerated() {
            asked.append(name)
            let here: Found
            do {
                here = try await lookup(name)
            } catch let error as DNSError where !error.unreachable && !found.isEmpty {
                asked.removeLast()
                break
            }
            if here.count > 1 { discarded.append(here) }
            guard let record = here.record else { continue }
            found.append(here)
            if record.psd == .no || (record.psd == .yes && step > 0) { break }
        }
        return (asked, found, discarded)
    }

    /// The Organizational Domain chosen among a walk's records (RFC 9989 §4.10.2): a
    /// `psd=n` domain; else the domain one label below a `psd=y` one; else the shortest
    /// domain with a record; else the domain itself.
    static func organizationalDomain(of domain: String, found: [Found]) -> String {
        let start = domain.lowercased()
        for entry in found {
            guard let record = entry.record else { continue }
            if record.psd == .no { return entry.domain }
            if record.psd == .yes && entry.domain != start {
                let keep = entry.domain.split(separator: ".").count + 1
                return start.split(separator: ".").suffix(keep).joined(separator: ".")
            }
        }
        return found.last?.domain ?? start
    }

    public func organizationalDomain(of domain: String) async throws -> String {
        Self.organizationalDomain(of: domain, found: try await walk(domain).found)
    }

    /// Relaxed alignment: the same Organizational Domain; strict: the same name.
    public func aligned(_ a: String, _ b: String, strict: Bool) async throws -> Bool {
        let x = a.lowercased(), y = b.lowercased()
        if x == y { return true }
        if strict { return false }
        return try await organizationalDomain(of: x) == organizationalDomain(of: y)
    }

    /// Policy discovery for a From domain (RFC 9989 §4.10.1): its own record; else its
    /// Organizational Domain's; else its public suffix's (`psd=y`).
    public func discover(_ domain: String) async throws -> Discovery {
        let start = domain.lowercased()
        let (asked, found, discarded) = try await walk(start)
        let org = Self.organizationalDomain(of: start, found: found)
        var applied = found.first { $0.domain == start } ?? found.first { $0.domain == org }
        var fromSuffix = false
        if applied == nil, let last = found.last, last.record?.psd == .yes {
            applied = last
            fromSuffix = true
        }
        var relation = DMARCRecord.Relation.itself
        if let applied, applied.domain != start {
            relation = try await resolver.exists(start) ? .subdomain : .nonexistentSubdomain
        }
        return Discovery(asked: asked.map { "_dmarc.\($0)" }, applied: applied, relation: relation, fromPublicSuffix: fromSuffix,
                         organizationalDomain: org, discarded: discarded)
    }
}
