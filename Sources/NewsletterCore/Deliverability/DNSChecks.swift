/// The checks of the sending domains' DNS records: the DKIM key (RFC 6376 §3.6.2), SPF
/// (RFC 7208), DMARC and its alignment (RFC 9989, by its DNS Tree Walk), and an MX for
/// bounces (RFC 5321 §5.1).
public struct DNSChecks: Sendable {
    public static let ids = ["dkim.record", "spf.record", "spf.lookups", "dmarc.record", "dmarc.alignment", "mx.bounce-domain"]

    let resolver: any DNSResolver
    /// Only to suggest where a missing DMARC record belongs; DMARC itself walks the DNS.
    let psl: PublicSuffixList

    public init(resolver: any DNSResolver, psl: PublicSuffixList = .builtIn) {
        self.resolver = resolver
        self.psl = psl
    }

    /// The DNS checks for `setup`; `message` (a `--eml` file) adds the domains its own
    /// From and DKIM-Signature name when the configuration names none.
    public func run(_ setup: SendingSetup, message: MailPart? = nil) async -> [CheckResult] {
        let fromDomain = setup.from?.domain.lowercased() ?? message?.headers["From"].flatMap { Addresses.first(in: $0) }.map { EmailAddress($0).domain }
        let envelopeDomain = setup.envelopeDomain ?? fromDomain
        // One question first: when DNS cannot be reached, one sentence says so.
        do {
            _ = try await resolver.lookup(envelopeDomain ?? fromDomain ?? "localhost", .txt)
        } catch let error as DNSError where error.unreachable {
            let fix = "Check the network, or set \(SettingKey.dnsServer) to a resolver that answers (host[:port])."
            let sentence = error.description.hasSuffix(".") ? String(error.description.dropLast()) : error.description
            return [.fail("dns.server", sentence + ", so no DNS record could be checked.", fix: fix)]
                + Self.ids.map { .skip($0, "Not checked: DNS cannot be reached.") }
        } catch {}
        var results: [CheckResult] = []
        results.append(await guarded("dkim.record") { try await dkimRecord(setup, message: message) })
        if let envelopeDomain {
            results += await guardedPair("spf.record", "spf.lookups") { try await spf(envelopeDomain) }
        } else {
            results += [.skip("spf.record", "No From or bounce address is configured."), .skip("spf.lookups", "No From or bounce address is configured.")]
        }
        var dmarc: DMARCRecord?
        if let fromDomain {
            let walk = DMARCTreeWalk(resolver: resolver)
            results.append(await guarded("dmarc.record") {
                let (result, record) = try await dmarcRecord(fromDomain, walk: walk)
                dmarc = record
                return result
            })
            results.append(await guarded("dmarc.alignment") {
                try await alignment(fromDomain: fromDomain, setup: setup, message: message, dmarc: dmarc, walk: walk)
            })
        } else {
            results += [.skip("dmarc.record", "No From address is configured."), .skip("dmarc.alignment", "No From address is configured.")]
        }
        if let envelopeDomain {
            results.append(await guarded("mx.bounce-domain") { try await mx(envelopeDomain) })
        } else {
            results.append(.skip("mx.bounce-domain", "No From or bounce address is configured."))
        }
        return results
    }

    private func guarded(_ id: String, _ body: () async throws -> CheckResult) async -> CheckResult {
        do {
            return try await body()
        } catch {
            return .fail(id, "\(error)", fix: "Ask again later, or check the DNS server in \(SettingKey.dnsServer).")
        }
    }

    private func guardedPair(_ a: String, _ b: String, _ body: () async throws -> [CheckResult]) async -> [CheckResult] {
        do {
            return try await body()
        } catch {
            let fix = "Ask again later, or check the DNS server in \(SettingKey.dnsServer)."
            return [.fail(a, "\(error)", fix: fix), .skip(b, "Not checked: the SPF record could not be read.")]
        }
    }

    func txt(_ name: String) async throws -> [String] {
        try await resolver.lookup(name, .txt).compactMap(\.text)
    }

    // MARK: DKIM

    func dkimRecord(_ setup: SendingSetup, message: MailPart?) async throws -> CheckResult {
        let id = "dkim.record"
        if setup.signers.isEmpty {
            // A --eml message's own signatures: the records must exist and parse.
            let named = (message?.headers.all("DKIM-Signature") ?? []).compactMap { value -> (String, String)? in
                let tags = TagList(value)
                guard let d = tags["d"], let s = tags["s"] else { return nil }
                return (s, d)
            }
            guard !named.isEmpty else { return .skip(id, "DKIM signing is off, so there is no key record to look for.") }
            for (selector, domain) in named {
                let name = "\(selector)._domainkey.\(domain)"
                let records = try await txt(name)
                guard records.count == 1, (try? DKIMKeyRecord(records[0])) != nil else {
                    return .fail(id, "The message is signed with s=\(selector) d=\(domain), but \(name) holds \(records.isEmpty ? "no DKIM record" : "no single readable DKIM record").",
                                 fix: "Publish the signing key's TXT record at \(name).")
                }
            }
            return .pass(id, "The key records the message's signatures name exist (the keys themselves are not configured here to compare).")
        }
        var found: [String] = []
        for signer in setup.signers {
            let name = "\(signer.selector)._domainkey.\(signer.domain)"
            let fix = "Publish this TXT record at \(name): \(signer.key.dnsRecord)"
            let records = try await txt(name)
            guard !records.isEmpty else {
                return .fail(id, "There is no DKIM record at \(name), so receivers cannot verify the signature.", fix: fix)
            }
            guard records.count == 1 else {
                return .fail(id, "\(name) holds \(records.count) TXT records, and receivers need exactly one key there.", fix: "Remove all but one; " + fix)
            }
            let record: DKIMKeyRecord
            do {
                record = try DKIMKeyRecord(records[0])
            } catch {
                return .fail(id, "The DKIM record at \(name) cannot be read: \(error).", fix: fix)
            }
            if record.publicKey.isEmpty {
                return .fail(id, "The DKIM record at \(name) has an empty p=, which revokes the key.", fix: fix)
            }
            guard record.holds(signer.key) else {
                return .fail(id, "The DKIM record at \(name) holds another public key than the configured \(signer.key.summary) key, so every signature fails.", fix: fix)
            }
            if record.testing {
                return .warn(id, "The DKIM record at \(name) is in testing mode (t=y), so receivers may treat signed mail as unsigned.",
                             fix: "Remove t=y from the record once signatures verify.")
            }
            found.append(name)
        }
        return .pass(id, "\(found.joined(separator: " and ")) \(found.count == 1 ? "holds" : "hold") the configured public key\(found.count == 1 ? "" : "s").")
    }

    // MARK: DMARC

    /// The DMARC record that applies to the From domain, found by the DNS Tree Walk
    /// (RFC 9989 §4.10.1), and what receivers will do with it.
    func dmarcRecord(_ domain: String, walk: DMARCTreeWalk) async throws -> (CheckResult, DMARCRecord?) {
        let id = "dmarc.record"
        let discovery = try await walk.discover(domain)
        let home = psl.organizationalDomain(of: domain)
        let example = "v=DMARC1; p=none; rua=mailto:dmarc-reports@\(home)"
        let asked = Self.list(discovery.asked)
        if let crowded = discovery.discarded.first, discovery.applied == nil || crowded.domain.count >= discovery.applied!.domain.count {
            return (.fail(id, "_dmarc.\(crowded.domain) holds \(crowded.count) DMARC records, and receivers discard them all (RFC 9989 §4.10).",
                          fix: "Keep exactly one DMARC record at _dmarc.\(crowded.domain)."), nil)
        }
        guard let applied = discovery.applied, let record = applied.record else {
            return (.fail(id, "There is no DMARC record at _dmarc.\(domain) or above it (the DNS tree walk asked \(asked)), which Gmail and Yahoo require of bulk senders.",
                          fix: "Publish a TXT record at _dmarc.\(home) such as \"\(example)\"."), nil)
        }
        let name = "_dmarc.\(applied.domain)"
        if discovery.fromPublicSuffix {
            return (.fail(id, "Only the public suffix's record at \(name) (psd=y) covers \(domain); Gmail and Yahoo want the sender's own DMARC record.",
                          fix: "Publish a TXT record at _dmarc.\(discovery.organizationalDomain) such as \"\(example)\"."), record)
        }
        let relation = discovery.relation
        if relation == .nonexistentSubdomain {
            let np = record.policy(for: .nonexistentSubdomain) ?? "none"
            return (.fail(id, "\(domain) does not exist in the DNS, so \(name) applies its policy for non-existent subdomains (\(record.nonexistentPolicy != nil ? "np" : "np falls back to " + (record.subdomainPolicy != nil ? "sp" : "p"))=\(np)), and receivers refuse mail from domains that do not exist.",
                          fix: "Send from a domain that exists (with an MX or address record), or publish one for \(domain)."), record)
        }
        let where_ = relation == .itself ? "" : " for subdomains such as \(domain)"
        var notes: [String] = []
        var fixes: [String] = []
        // Why p, sp or np cannot be applied as written.
        let unusable = record.policy == nil
            ? record.invalid.first { $0.hasPrefix("p=") }.map { "its \($0) is not none, quarantine or reject" } ?? "it has no p= tag"
            : "its \(record.invalid.first { $0.hasPrefix("sp=") || $0.hasPrefix("np=") } ?? "policy") is not none, quarantine or reject"
        guard let policy = record.policy(for: relation) else {
            return (.fail(id, "The DMARC record at \(name) cannot be applied: \(unusable), and without a rua= address receivers then apply no DMARC at all (RFC 9989 §4.10.1).",
                          fix: "Publish a valid record such as \"\(example)\"."), record)
        }
        if !record.policiesUsable {
            notes.append("\(unusable), so receivers treat it as p=none (RFC 9989 §4.10.1)")
            fixes.append("write p=none, p=quarantine or p=reject")
        }
        let others = record.invalid.filter { !($0.hasPrefix("p=") || $0.hasPrefix("sp=") || $0.hasPrefix("np=")) }
        if !others.isEmpty {
            notes.append("\(Self.list(others)) \(others.count == 1 ? "is" : "are") not valid, so receivers use the default\(others.count == 1 ? "" : "s")")
            fixes.append("correct \(Self.list(others))")
        }
        if !record.removed.isEmpty {
            notes.append("\(Self.list(record.removed)) \(record.removed.count == 1 ? "is" : "are") no longer part of DMARC (RFC 9989 removed pct, rf and ri) and receivers ignore \(record.removed.count == 1 ? "it" : "them")")
            fixes.append("remove \(Self.list(record.removed))" + (record.removed.contains { $0.hasPrefix("pct=") } ? " (to try a policy first, t=y says so)" : ""))
        }
        if record.psd == .yes && applied.domain == discovery.organizationalDomain && relation == .itself {
            notes.append("it says psd=y, which marks a public suffix's record, not a sender's")
            fixes.append("remove psd=y")
        }
        let meaning = switch policy {
        case "none": "receivers report failures and deliver anyway"
        case "quarantine": "receivers junk mail that fails"
        default: "receivers refuse mail that fails"
        }
        var sentence = "The DMARC record at \(name) has the policy \(policy)\(where_) (\(meaning))"
        if record.testing && policy != "none" {
            sentence += "; it is in testing mode (t=y), so receivers are asked not to apply it yet"
        }
        if !notes.isEmpty {
            let fix = fixes.joined(separator: "; ") + " in the record at \(name)."
            return (.warn(id, sentence + ", but " + notes.joined(separator: "; ") + ".", fix: fix.prefix(1).uppercased() + fix.dropFirst()), record)
        }
        return (.pass(id, sentence + "."), record)
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }

    /// Whether DKIM's d= or the envelope domain is aligned with the From domain: the same
    /// name (strict) or the same Organizational Domain by the tree walk (relaxed).
    func alignment(fromDomain: String, setup: SendingSetup, message: MailPart?, dmarc: DMARCRecord?, walk: DMARCTreeWalk) async throws -> CheckResult {
        let id = "dmarc.alignment"
        var dkimDomains = setup.signers.map { $0.domain.lowercased() }
        if dkimDomains.isEmpty {
            dkimDomains = (message?.headers.all("DKIM-Signature") ?? []).compactMap { TagList($0)["d"]?.lowercased() }
        }
        let strictDKIM = dmarc?.strictDKIM ?? false
        let mode = strictDKIM ? "strict" : "relaxed"
        for domain in dkimDomains where try await walk.aligned(domain, fromDomain, strict: strictDKIM) {
            return .pass(id, "The From domain \(fromDomain) is aligned with DKIM's d=\(domain) (\(mode)), so DMARC passes even when mail is forwarded.")
        }
        if let other = dkimDomains.first {
            return .fail(id, "DKIM signs for d=\(other), which is not aligned with the From domain \(fromDomain) (\(mode)), so DMARC cannot pass on DKIM.",
                         fix: "Set \(SettingKey.dkimDomain) to \(fromDomain) and publish the key's record there, or send from an address at \(other).")
        }
        let envelope = setup.envelopeDomain ?? fromDomain
        if try await walk.aligned(envelope, fromDomain, strict: dmarc?.strictSPF ?? false) {
            return .warn(id, "Without DKIM only SPF aligns the From domain \(fromDomain) (envelope \(envelope)), and DMARC fails wherever a forwarder breaks SPF.",
                         fix: "Turn on DKIM signing for \(fromDomain) (newsletter dkim generate).")
        }
        return .fail(id, "Neither DKIM (off) nor SPF (envelope \(envelope)) is aligned with the From domain \(fromDomain), so DMARC fails.",
                     fix: "Turn on DKIM signing for \(fromDomain) (newsletter dkim generate).")
    }

    // MARK: MX

    func mx(_ domain: String) async throws -> CheckResult {
        let id = "mx.bounce-domain"
        let fix = "Publish an MX record for \(domain) pointing at the server that receives its mail (the inbox newsletter inbox reads)."
        let records = try await resolver.lookup(domain, .mx)
        let hosts = records.compactMap { record -> (Int, String)? in
            if case .mx(let preference, let exchange) = record { return (preference, exchange) }
            return nil
        }
        if hosts.contains(where: { $0.1.isEmpty }) {
            return .fail(id, "\(domain) publishes a null MX (RFC 7505): it takes no mail, so bounces to it are lost and receivers may refuse its mail.", fix: fix)
        }
        if let best = hosts.min(by: { $0.0 < $1.0 }) {
            return .pass(id, "Mail to \(domain) (bounces and replies) goes to \(best.1).")
        }
        let addresses = try await resolver.lookup(domain, .a) + (try await resolver.lookup(domain, .aaaa))
        if !addresses.isEmpty {
            return .pass(id, "\(domain) has no MX, so mail to it goes to its address record (RFC 5321 §5.1).")
        }
        return .fail(id, "\(domain) has neither an MX nor an address record, so bounces cannot reach it and receivers may refuse mail from it.", fix: fix)
    }
}
