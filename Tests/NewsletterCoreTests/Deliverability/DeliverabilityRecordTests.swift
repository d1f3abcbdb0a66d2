import Foundation
@testable import NewsletterCore
import Testing

@Suite struct DeliverabilityRecordTests {
    @Test func spfRecordsParseTermByTerm() throws {
        let record = try SPFRecord("v=spf1 ip4:192.0.2.0/24 a mx:mail.example.org/24 include:_spf.example.net exists:%{i}.x.example ptr ~all exp=why.example")
        #expect(record.all == .softfail)
        #expect(record.includes == ["_spf.example.net"])
        #expect(record.ownLookups == 5)
        #expect(record.usesPTR)
        #expect(try SPFRecord("v=spf1 redirect=_spf.example.com").redirect == "_spf.example.com")
        #expect(try SPFRecord("v=spf1 redirect=_spf.example.com").ownLookups == 1)
        // With all present, redirect is ignored (RFC 7208 §6.1).
        #expect(try SPFRecord("v=spf1 -all redirect=x.example").redirect == nil)
        #expect(try SPFRecord("V=SPF1 +ALL").all == .pass)
        #expect(try SPFRecord("v=spf1").all == nil)
        for bad in ["v=spf1 mx:", "v=spf1 includes:x.example", "v=spf1 all:x", "v=spf1 redirect=a redirect=b", "v=spf10 mx", "v=spf1 ip4"] {
            #expect(throws: SPFRecord.SyntaxError.self, "\(bad)") { try SPFRecord(bad) }
        }
        #expect(!SPFRecord.isSPF("v=spf10") && SPFRecord.isSPF("v=spf1") && !SPFRecord.isSPF("google-site-verification=x"))
    }

    @Test func dmarcAndDKIMRecordsAreReadAsRFC9989AndRFC6376Say() throws {
        let dmarc = try DMARCRecord("v=DMARC1; p=Quarantine; sp=reject; np=REJECT; adkim=s; t=y; psd=n; future=1; rua=mailto:a@example.org, mailto:b@example.org")
        #expect(dmarc.policy == "quarantine" && dmarc.subdomainPolicy == "reject" && dmarc.nonexistentPolicy == "reject" && dmarc.strictDKIM && !dmarc.strictSPF)
        #expect(dmarc.testing && dmarc.psd == .no && dmarc.invalid.isEmpty && dmarc.removed.isEmpty)
        #expect(dmarc.reportAddresses == ["mailto:a@example.org", "mailto:b@example.org"])
        #expect(dmarc.policy(for: .itself) == "quarantine" && dmarc.policy(for: .subdomain) == "reject" && dmarc.policy(for: .nonexistentSubdomain) == "reject")
        #expect(throws: DMARCRecord.SyntaxError.self) { try DMARCRecord("p=none; v=DMARC1") }
        // No p: p=none when it asks for reports, no DMARC at all otherwise (RFC 9989 §4.10.1).
        #expect(try DMARCRecord("v=DMARC1; rua=mailto:d@example.org").policy(for: .itself) == "none")
        #expect(try DMARCRecord("v=DMARC1").policy(for: .itself) == nil)
        let bad = try DMARCRecord("v=DMARC1; p=block; sp=none; adkim=x; pct=50; ri=3600; rua=mailto:d@example.org")
        #expect(bad.policy == nil && bad.invalid == ["p=block", "adkim=x"] && bad.removed == ["pct=50", "ri=3600"] && !bad.strictDKIM)
        #expect(bad.policy(for: .subdomain) == "none")
        // sp and np fall back on sp, then p.
        let plain = try DMARCRecord("v=DMARC1; p=reject")
        #expect(plain.policy(for: .nonexistentSubdomain) == "reject" && plain.psd == .unknown && !plain.testing)
        #expect(DMARCRecord.isDMARC("v=DMARC1;p=none") && !DMARCRecord.isDMARC("v=DMARC10; p=none"))

        let pem = try DKIMKey.generatePEM(.rsaSHA256)
        let key = try DKIMKey(pem: pem)
        let record = try DKIMKeyRecord(key.dnsRecord)
        #expect(record.keyType == "rsa" && record.holds(key) && !record.testing)
        // The bare PKCS#1 RSAPublicKey (the end of the SubjectPublicKeyInfo) is the same key.
        let pkcs1 = Data(key.publicKeyBytes.suffix(270)).base64EncodedString()
        #expect(try DKIMKeyRecord("v=DKIM1; p=\(pkcs1)").holds(key))
        let other = try DKIMKey(pem: try DKIMKey.generatePEM(.rsaSHA256))
        #expect(!record.holds(other))
        let ed = try DKIMKey(pem: DKIMKey.ed25519PEM())
        #expect(try DKIMKeyRecord(ed.dnsRecord).holds(ed) && !(try DKIMKeyRecord(ed.dnsRecord).holds(key)))
        // Folded base64 and a testing flag.
        let folded = "v=DKIM1; k=rsa; t=y:s; p=" + Data(key.publicKeyBytes).base64EncodedString().chunked(60).joined(separator: " ")
        #expect(try DKIMKeyRecord(folded).testing && (try DKIMKeyRecord(folded).holds(key)))
        #expect(try DKIMKeyRecord("v=DKIM1; k=rsa; p=").publicKey.isEmpty)
        #expect(throws: DKIMKeyRecord.SyntaxError.self) { try DKIMKeyRecord("v=DKIM1; k=rsa") }
        #expect(throws: DKIMKeyRecord.SyntaxError.self) { try DKIMKeyRecord("k=rsa; v=DKIM1; p=AAAA") }
    }

    @Test func organisationalDomainsFollowThePublicSuffixList() {
        let list = PublicSuffixList(text: "// comment\ncom\nuk\nco.uk\n*.kawasaki.jp\n!city.kawasaki.jp\njp\n")
        #expect(list.organizationalDomain(of: "news.clinic.co.uk") == "clinic.co.uk")
        #expect(list.organizationalDomain(of: "mail.news.example.com") == "example.com")
        #expect(list.organizationalDomain(of: "a.b.kawasaki.jp") == "a.b.kawasaki.jp")
        #expect(list.organizationalDomain(of: "x.city.kawasaki.jp") == "city.kawasaki.jp")
        // Not on the list: the default rule (the last label is the suffix).
        #expect(list.organizationalDomain(of: "news.clinic.example") == "clinic.example")
        #expect(list.aligned("news.clinic.example", "CLINIC.example.") && !list.aligned("news.clinic.example", "clinic.example", strict: true))
        #expect(!list.aligned("clinic.co.uk", "other.co.uk"))
        #expect(PublicSuffixList.builtIn.organizationalDomain(of: "a.harbor.org.uk") == "harbor.org.uk")
    }

    @Test func txtValuesSplitIntoStringsOfAtMost255Octets() {
        let value = "v=DKIM1; k=rsa; p=" + String(repeating: "A", count: 392)
        let strings = TXTRecordText.strings(value)
        #expect(strings.map(\.utf8.count) == [255, 155] && strings.joined() == value)
        #expect(TXTRecordText.strings("é" + String(repeating: "a", count: 254)).map(\.utf8.count) == [255, 1])
        #expect(TXTRecordText.zoneLine(name: "s._domainkey.example.org", value: "v=DKIM1; p=\"x\"") == #"s._domainkey.example.org. 3600 IN TXT "v=DKIM1; p=\"x\"""#)
        #expect(TXTRecordText.zoneLine(name: "a.example.", value: value).hasPrefix("a.example. 3600 IN TXT ( \"v=DKIM1"))
    }

    @Test func hostsReadersCannotReachAreNamed() {
        for (host, kind) in [("127.0.0.1", "a loopback address"), ("localhost", "a loopback name"), ("10.1.2.3", "a private address"),
                             ("172.20.0.1", "a private address"), ("192.168.0.9", "a private address"), ("169.254.1.1", "a link-local address"),
                             ("[::1]", "a loopback address"), ("fd00::1", "a private address"), ("printer.local", "a local-only name (.local)"),
                             ("intranet", "a name without a domain")] {
            #expect(HostAddress.kind(of: host) == kind, "\(host)")
        }
        for host in ["news.clinic.example", "172.32.0.1", "8.8.8.8", "2001:db8::1"] { #expect(HostAddress.kind(of: host) == nil, "\(host)") }
    }

    @Test func dnsMessagesRoundTrip() throws {
        let query = try DNSMessage.query(id: 0xBEEF, name: "_dmarc.Example.org.", type: .txt)
        #expect(Array(query.prefix(4)) == [0xBE, 0xEF, 0x01, 0x00])
        #expect(throws: DNSMessage.FormatError.self) { try DNSMessage.query(id: 1, name: "a..b", type: .a) }
        #expect(throws: DNSMessage.FormatError.self) { try DNSMessage.query(id: 1, name: String(repeating: "x", count: 64) + ".org", type: .a) }
        // An answer: the question, then a TXT of two strings, an MX whose name is compressed,
        // an A record and a null MX.
        var reply: [UInt8] = [0xBE, 0xEF, 0x81, 0x80, 0, 1, 0, 4, 0, 0, 0, 0]
        let question = Array(query[12..<(query.count - 11)])
        reply += question
        reply += [0xC0, 12, 0, 16, 0, 1, 0, 0, 1, 44, 0, 8, 3] + Array("abc".utf8) + [3] + Array("def".utf8)
        reply += [0xC0, 12, 0, 15, 0, 1, 0, 0, 1, 44, 0, 7, 0, 10, 2] + Array("mx".utf8) + [0xC0, 19]
        reply += [0xC0, 12, 0, 1, 0, 1, 0, 0, 1, 44, 0, 4, 192, 0, 2, 1]
        reply += [0xC0, 12, 0, 15, 0, 1, 0, 0, 1, 44, 0, 3, 0, 0, 0]
        let parsed = try DNSMessage.parse(reply)
        #expect(parsed.id == 0xBEEF && parsed.rcode == 0 && !parsed.truncated)
        #expect(parsed.records.map(\.data) == [.txt(["abc", "def"]), .mx(preference: 10, exchange: "mx.example.org"), .address("192.0.2.1"),
                                                .mx(preference: 0, exchange: "")])
        // A pointer loop and a cut answer are refused, not followed forever.
        var loop = reply
        loop[question.count + 12] = 0xC0
        loop[question.count + 13] = UInt8(question.count + 12)
        #expect(throws: DNSMessage.FormatError.self) { try DNSMessage.parse(loop) }
        #expect(throws: DNSMessage.FormatError.self) { try DNSMessage.parse(Array(reply.prefix(reply.count - 20))) }
    }

    struct Zone: DNSResolver {
        let txt: [String: [String]]
        /// Names that answer NXDOMAIN; every other name exists.
        var missing: Set<String> = []
        var serverDescription: String { "test" }
        func lookup(_ name: String, _ type: DNSRecordType) async throws -> [DNSRecord] {
            type == .txt ? (txt[name] ?? []).map { .txt([$0]) } : []
        }
        func exists(_ name: String) async throws -> Bool { !missing.contains(name) }
    }

    /// Answers REFUSED for the names in `refused`, as an authoritative server does for a zone it does not serve.
    struct Refusing: DNSResolver {
        let zone: Zone
        let refused: Set<String>
        var serverDescription: String { "test" }
        func lookup(_ name: String, _ type: DNSRecordType) async throws -> [DNSRecord] {
            if refused.contains(name) { throw DNSError("The DNS server test answered REFUSED for \(type) \(name).") }
            return try await zone.lookup(name, type)
        }
        func exists(_ name: String) async throws -> Bool { try await zone.exists(name) }
    }

    @Test func theTreeWalkFindsPoliciesAndOrganizationalDomainsWithoutAList() async throws {
        // At most eight names: a long name goes straight to its last seven labels (RFC 9989 §4.10).
        #expect(DMARCTreeWalk.targets("a.b.c.d.e.f.g.h.i.example") == ["a.b.c.d.e.f.g.h.i.example", "d.e.f.g.h.i.example", "e.f.g.h.i.example",
                                                                        "f.g.h.i.example", "g.h.i.example", "h.i.example", "i.example", "example"])
        #expect(DMARCTreeWalk.targets("Mail.Example.COM") == ["mail.example.com", "example.com", "com"])
        // The shortest name with a record is the Organizational Domain, whatever a suffix list says.
        let zone = Zone(txt: ["_dmarc.mail.example.com": ["v=DMARC1; p=none"], "_dmarc.example.com": ["v=DMARC1; p=reject"],
                              "_dmarc.brand.example.com": ["v=DMARC1; p=none; psd=n"], "_dmarc.co.example": ["v=DMARC1; p=reject; psd=y"],
                              "_dmarc.blogspot.example": ["v=DMARC1; p=quarantine"]],
                        missing: ["ghost.example.com"])
        let walk = DMARCTreeWalk(resolver: zone)
        #expect(try await walk.organizationalDomain(of: "a.mail.example.com") == "example.com")
        #expect(try await walk.organizationalDomain(of: "news.brand.example.com") == "brand.example.com")
        #expect(try await walk.organizationalDomain(of: "a.b.clinic.co.example") == "clinic.co.example")
        #expect(try await walk.organizationalDomain(of: "nothing.example") == "nothing.example")
        #expect(try await walk.aligned("mail.example.com", "a.mail.example.com", strict: false))
        #expect(try await !walk.aligned("example.com", "news.brand.example.com", strict: false))
        #expect(try await !walk.aligned("mail.example.com", "example.com", strict: true))
        // The policy: the From domain's own record, else its Organizational Domain's (sp or np), else a PSD's.
        let own = try await walk.discover("mail.example.com")
        #expect(own.applied?.domain == "mail.example.com" && own.relation == .itself)
        let sub = try await walk.discover("a.b.example.com")
        #expect(sub.applied?.domain == "example.com" && sub.relation == .subdomain && sub.asked == ["_dmarc.a.b.example.com", "_dmarc.b.example.com", "_dmarc.example.com", "_dmarc.com"])
        #expect(try await walk.discover("ghost.example.com").relation == .nonexistentSubdomain)
        let suffix = try await walk.discover("clinic.co.example")
        #expect(suffix.applied?.domain == "co.example" && suffix.fromPublicSuffix && suffix.organizationalDomain == "clinic.co.example")
        // A server that refuses the names above a record already found ends the walk there.
        let refusing = DMARCTreeWalk(resolver: Refusing(zone: zone, refused: ["_dmarc.com"]))
        #expect(try await refusing.discover("a.example.com").applied?.domain == "example.com")
        await #expect(throws: DNSError.self) { try await DMARCTreeWalk(resolver: Refusing(zone: zone, refused: ["_dmarc.nothing.example"])).discover("nothing.example") }
    }

    @Test func spfWalksFollowRedirectsAndCatchLoopsAndMissingIncludes() async throws {
        let setup = SendingSetup(from: EmailAddress("news@a.example"), baseURL: "https://news.a.example", bounceAddress: nil)
        func spf(_ txt: [String: [String]]) async -> [String: CheckResult] {
            let results = await DNSChecks(resolver: Zone(txt: txt)).run(setup)
            return Dictionary(results.map { ($0.id, $0) }) { a, _ in a }
        }
        var r = await spf(["a.example": ["v=spf1 redirect=_spf.a.example"], "_spf.a.example": ["v=spf1 mx -all"]])
        #expect(r["spf.record"]?.status == .pass && r["spf.record"]?.message == "The SPF record at a.example ends in -all.")
        #expect(r["spf.lookups"]?.message == "SPF for a.example needs 2 of the 10 DNS lookups RFC 7208 allows.")
        r = await spf(["a.example": ["v=spf1 include:b.example -all"], "b.example": ["v=spf1 include:a.example -all"]])
        #expect(r["spf.lookups"]?.status == .fail && r["spf.lookups"]?.message == "The SPF record at b.example loops back to a.example through include:a.example.")
        r = await spf(["a.example": ["v=spf1 include:gone.example -all"]])
        #expect(r["spf.lookups"]?.message.hasPrefix("include:gone.example in the SPF record at a.example finds no SPF record") == true)
        r = await spf(["a.example": ["v=spf1 mx -all", "v=spf1 a -all"]])
        #expect(r["spf.record"]?.status == .fail && r["spf.lookups"]?.status == .skip)
        r = await spf(["a.example": ["v=spf1 mx ?all"]])
        #expect(r["spf.record"]?.status == .warn)
        // DMARC at the Organizational Domain covers a subdomain's From, with its sp= policy.
        let sub = SendingSetup(from: EmailAddress("news@news.a.example"), baseURL: "https://news.a.example", bounceAddress: nil)
        let dmarc = await DNSChecks(resolver: Zone(txt: ["_dmarc.a.example": ["v=DMARC1; p=reject; sp=quarantine"]])).run(sub)
        #expect(dmarc.first { $0.id == "dmarc.record" }?.message == "The DMARC record at _dmarc.a.example has the policy quarantine for subdomains such as news.a.example (receivers junk mail that fails).")
        // Without DKIM, only SPF aligns: a warning.
        #expect(dmarc.first { $0.id == "dmarc.alignment" }?.status == .warn)
    }
}

extension String {
    func chunked(_ size: Int) -> [String] {
        stride(from: 0, to: count, by: size).map { String(dropFirst($0).prefix(size)) }
    }
}
