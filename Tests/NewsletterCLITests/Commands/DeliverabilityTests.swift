import Foundation
import TestProcesses
import Testing

/// `newsletter check` against a real authoritative DNS server (NSD) serving zones written
/// here, `dkim generate` verified by dkimpy, and the check before an SMTP send.
@Suite(.enabled(if: BuiltBinary.available, "build the newsletter executable first"))
struct DeliverabilityTests {
    static let now = "2026-11-27T09:00:00Z"

    func tempDir(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    /// `dkim generate --json` in `dir`: the key's path and the printed records.
    func generate(in dir: URL, _ arguments: [String] = [], from: String = "Clinic <news@good.example>") throws -> (key: String, records: [[String: Any]]) {
        let r = try CLIRunner.run(["dkim", "generate", "--json"] + arguments, environment: ["NEWSLETTER_FROM": from], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try object(r.stdout)
        let key = dir.appendingPathComponent(try #require(json["key"] as? String)).path
        return (key, try #require(json["records"] as? [[String: Any]]))
    }

    func checks(_ env: [String: String], in dir: URL, _ extra: [String] = []) throws -> (ok: Bool, status: [String: String], message: [String: String], exit: Int32) {
        let r = try CLIRunner.run(["check", "--json"] + extra, environment: env, in: dir)
        let json = try object(r.stdout)
        let list = try #require(json["checks"] as? [[String: Any]])
        var status: [String: String] = [:], message: [String: String] = [:]
        for check in list {
            let id = try #require(check["id"] as? String)
            status[id] = check["status"] as? String
            message[id] = check["message"] as? String
            #expect((check["fix"] as? String)?.isEmpty == false, "\(id) has no fix")
        }
        return (try #require(json["ok"] as? Bool), status, message, r.status)
    }

    static let ids = ["config.from", "config.base-url-https", "config.bounce-address", "dkim.signing", "message.one-click", "message.list-id",
                      "message.message-id", "message.lines", "message.size", "message.text-part", "message.alt-text",
                      "message.sender-name", "message.remote-content", "dkim.record", "spf.record", "spf.lookups", "dmarc.record", "dmarc.alignment", "mx.bounce-domain"]

    @Test(.enabled(if: NSDServer.available, "needs Debian's nsd"))
    func eachZoneGetsWhatItDeserves() throws {
        let dir = try tempDir("check")
        let (key, records) = try generate(in: dir)
        let other = try generate(in: try tempDir("other-key"))
        let dkimZoneLine = try #require(records[0]["zone"] as? String)
        #expect(dkimZoneLine.hasPrefix("newsletter._domainkey.good.example. 3600 IN TXT ( \"v=DKIM1; k=rsa; p="))
        let strings = try #require(records[0]["strings"] as? [String])
        #expect(strings.count == 2 && strings.allSatisfy { $0.utf8.count <= 255 }, "\(strings)")
        func dkim(_ strings: [String]) -> String { "newsletter._domainkey IN TXT ( " + strings.map { "\"\($0)\"" }.joined(separator: " ") + " )" }
        let otherStrings = try #require(other.records[0]["strings"] as? [String])
        let mail = ["@ IN MX 10 mx", "mx IN A 127.0.0.1"]
        let dmarc = "_dmarc IN TXT \"v=DMARC1; p=quarantine; rua=mailto:dmarc@%@\""
        func standard(_ domain: String, spf: String = "v=spf1 mx -all", dmarc withDMARC: Bool = true, mx: [String]? = nil, key: [String]? = strings) -> String {
            var lines = (mx ?? mail) + ["@ IN TXT \"\(spf)\""]
            if withDMARC { lines.append(dmarc.replacingOccurrences(of: "%@", with: domain)) }
            if let key { lines.append(dkim(key)) }
            return NSDServer.zone(domain, lines)
        }
        let zones: [String: String] = [
            // The good zone publishes the record exactly as dkim generate printed it.
            "good.example": NSDServer.zone("good.example", mail + [dkimZoneLine, "@ IN TXT \"v=spf1 mx include:_spf.good.example ~all\"",
                                                                   "_spf IN TXT \"v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all\"",
                                                                   dmarc.replacingOccurrences(of: "%@", with: "good.example")]),
            "nodkim.example": standard("nodkim.example", key: nil),
            "otherkey.example": standard("otherkey.example", key: otherStrings),
            // 11 querying terms: include a, include b, mx (3) + a, mx, exists (3) + include c, a (2) + mx, a, ptr (3).
            "spf11.example": standard("spf11.example", spf: "v=spf1 include:a.spf11.example include:b.spf11.example mx -all")
                + "a IN TXT \"v=spf1 a mx exists:%{i}.x.spf11.example ~all\"\nb IN TXT \"v=spf1 include:c.spf11.example a -all\"\nc IN TXT \"v=spf1 mx a ptr -all\"\n",
            "plusall.example": standard("plusall.example", spf: "v=spf1 mx +all"),
            "nodmarc.example": standard("nodmarc.example", dmarc: false),
            "unaligned.example": standard("unaligned.example", key: nil),
            "nomx.example": standard("nomx.example", mx: []),
            "nullmx.example": standard("nullmx.example", mx: ["@ IN MX 0 ."]),
            // The zone above them, as a TLD answers: no DMARC record, so the tree walk ends there.
            "example": NSDServer.zone("example", []),
        ]
        let dns = try NSDServer(zones: zones)
        func env(_ domain: String, dkimDomain: String? = nil, key: String = key) -> [String: String] {
            ["NEWSLETTER_NOW": Self.now, "NEWSLETTER_SECRET": "k-secret-for-tests-0123456789abcdef", "NEWSLETTER_FROM": "Clinic <news@\(domain)>",
             "NEWSLETTER_NAME": "Clinic", "NEWSLETTER_BASE_URL": "https://news.\(domain)",
             "NEWSLETTER_BOUNCE_ADDRESS": "bounces@\(domain)", "NEWSLETTER_DKIM_DOMAIN": dkimDomain ?? domain, "NEWSLETTER_DKIM_SELECTOR": "newsletter",
             "NEWSLETTER_DKIM_KEY": key, "NEWSLETTER_DNS_SERVER": dns.address, "NEWSLETTER_DNS_TIMEOUT": "3"]
        }
        let expected: [(domain: String, dkimDomain: String?, failing: [String: String])] = [
            ("good.example", nil, [:]),
            ("nodkim.example", nil, ["dkim.record": "There is no DKIM record at newsletter._domainkey.nodkim.example"]),
            ("otherkey.example", nil, ["dkim.record": "holds another public key than the configured RSA-2048 key"]),
            ("spf11.example", nil, ["spf.lookups": "needs 11 DNS lookups counting includes and redirects, over RFC 7208's limit of 10"]),
            ("plusall.example", nil, ["spf.record": "ends in +all"]),
            ("nodmarc.example", nil, ["dmarc.record": "There is no DMARC record at _dmarc.nodmarc.example"]),
            ("unaligned.example", "good.example", ["dmarc.alignment": "DKIM signs for d=good.example, which is not aligned with the From domain unaligned.example"]),
            ("nomx.example", nil, ["mx.bounce-domain": "nomx.example has neither an MX nor an address record"]),
            ("nullmx.example", nil, ["mx.bounce-domain": "publishes a null MX (RFC 7505)"]),
        ]
        for (domain, dkimDomain, failing) in expected {
            let result = try checks(env(domain, dkimDomain: dkimDomain), in: dir)
            #expect(Set(result.status.keys).isSuperset(of: Self.ids), "\(domain): \(result.status.keys.sorted())")
            for id in Self.ids {
                let want = failing[id] == nil ? "pass" : "fail"
                #expect(result.status[id] == want, "\(domain) \(id): \(result.status[id] ?? "none"), \(result.message[id] ?? "")")
                if let phrase = failing[id] { #expect(result.message[id]?.contains(phrase) == true, "\(domain) \(id): \(result.message[id] ?? "")") }
            }
            #expect(result.ok == failing.isEmpty, "\(domain)")
            #expect(result.exit == (failing.isEmpty ? 0 : 1), "\(domain)")
        }
        // The good zone passes on the terminal too, with the counts at the end.
        let terminal = try CLIRunner.run(["check"], environment: env("good.example"), in: dir)
        #expect(terminal.status == 0 && terminal.stdout.contains("PASS  spf.lookups") && terminal.stdout.hasSuffix("19 passed, 0 warnings, 0 failed, 0 skipped.\n"), "\(terminal.stdout)")
        #expect(terminal.stdout.contains("SPF for good.example needs 2 of the 10 DNS lookups RFC 7208 allows."), "\(terminal.stdout)")
    }

    /// Issue 30: DMARC as RFC 9989 publishes it (with RFC 9990/9991 taking the reporting
    /// tags), one zone per case on a real NSD: the DNS tree walk instead of a public-suffix
    /// list, for the policy and for alignment; np= for a From domain that does not exist;
    /// psd=y and psd=n; t=y; pct, rf and ri reported as removed; no p= read as p=none;
    /// unknown tags ignored.
    @Test(.enabled(if: NSDServer.available, "needs Debian's nsd"))
    func dmarcIsCheckedAsRFC9989Says() throws {
        let dir = try tempDir("check-dmarc")
        let (key, records) = try generate(in: dir)
        let strings = try #require(records[0]["strings"] as? [String])
        let dkim = "( " + strings.map { "\"\($0)\"" }.joined(separator: " ") + " )"
        func zone(_ name: String, _ lines: [String]) -> String {
            NSDServer.zone(name, ["@ IN MX 10 mx", "mx IN A 127.0.0.1", "@ IN TXT \"v=spf1 mx -all\""] + lines)
        }
        let rua = "rua=mailto:dmarc@reports.example"
        let zones: [String: String] = [
            // The record sits at mail.tree.example, which a public-suffix list would skip
            // (it asks news.mail.tree.example, then tree.example).
            "tree.example": zone("tree.example", ["_dmarc.mail IN TXT \"v=DMARC1; p=reject; \(rua)\"", "news.mail IN A 127.0.0.1",
                                                  "newsletter._domainkey.mail IN TXT \(dkim)"]),
            // ghost.np.example does not exist: np= applies.
            "np.example": zone("np.example", ["_dmarc IN TXT \"v=DMARC1; p=none; np=reject; \(rua)\"", "newsletter._domainkey IN TXT \(dkim)"]),
            // Only the public suffix's operator publishes (psd=y); clinic.co.test publishes none.
            "co.test": NSDServer.zone("co.test", ["_dmarc IN TXT \"v=DMARC1; p=reject; psd=y\""]),
            "clinic.co.test": zone("clinic.co.test", ["newsletter._domainkey IN TXT \(dkim)"]),
            // team.shared.test says psd=n: it is its own organisation, not shared.test's.
            "shared.test": zone("shared.test", ["_dmarc IN TXT \"v=DMARC1; p=reject\"", "_dmarc.team IN TXT \"v=DMARC1; p=quarantine; psd=n; \(rua)\"",
                                                "team IN A 127.0.0.1", "newsletter._domainkey IN TXT \(dkim)"]),
            "testing.example": zone("testing.example", ["_dmarc IN TXT \"v=DMARC1; p=quarantine; t=y; \(rua)\"", "newsletter._domainkey IN TXT \(dkim)"]),
            "oldtags.example": zone("oldtags.example", ["_dmarc IN TXT \"v=DMARC1; p=reject; pct=50; rf=afrf; ri=86400; \(rua)\"", "newsletter._domainkey IN TXT \(dkim)"]),
            "nop.example": zone("nop.example", ["_dmarc IN TXT \"v=DMARC1; \(rua)\"", "newsletter._domainkey IN TXT \(dkim)"]),
            "nopnorua.example": zone("nopnorua.example", ["_dmarc IN TXT \"v=DMARC1; adkim=r\"", "newsletter._domainkey IN TXT \(dkim)"]),
            "unknown.example": zone("unknown.example", ["_dmarc IN TXT \"v=DMARC1; p=reject; future=yes; dkim2=maybe; \(rua)\"", "newsletter._domainkey IN TXT \(dkim)"]),
            "twice.example": zone("twice.example", ["_dmarc IN TXT \"v=DMARC1; p=reject\"", "_dmarc IN TXT \"v=DMARC1; p=none\"", "newsletter._domainkey IN TXT \(dkim)"]),
            "example": NSDServer.zone("example", []),
            "test": NSDServer.zone("test", []),
        ]
        let dns = try NSDServer(zones: zones)
        func dmarc(from: String, dkim dkimDomain: String, bounce: String) throws -> (status: [String: String], message: [String: String]) {
            let env = ["NEWSLETTER_NOW": Self.now, "NEWSLETTER_SECRET": "k-secret-for-tests-0123456789abcdef", "NEWSLETTER_FROM": "Clinic <news@\(from)>",
                       "NEWSLETTER_BASE_URL": "https://news.\(bounce)", "NEWSLETTER_BOUNCE_ADDRESS": "bounces@\(bounce)", "NEWSLETTER_DKIM_DOMAIN": dkimDomain,
                       "NEWSLETTER_DKIM_SELECTOR": "newsletter", "NEWSLETTER_DKIM_KEY": key, "NEWSLETTER_DNS_SERVER": dns.address, "NEWSLETTER_DNS_TIMEOUT": "3"]
            let result = try checks(env, in: dir)
            #expect(result.status["dkim.record"] == "pass", "\(from): \(result.message["dkim.record"] ?? "")")
            return (result.status, result.message)
        }
        let cases: [(from: String, dkim: String, bounce: String, record: String, recordSays: [String], alignment: String, alignmentSays: String)] = [
            ("news.mail.tree.example", "mail.tree.example", "tree.example", "pass",
             ["The DMARC record at _dmarc.mail.tree.example has the policy reject for subdomains such as news.mail.tree.example"], "pass", "d=mail.tree.example (relaxed)"),
            ("ghost.np.example", "np.example", "np.example", "fail",
             ["ghost.np.example does not exist in the DNS", "(np=reject)", "_dmarc.np.example"], "pass", "d=np.example (relaxed)"),
            ("clinic.co.test", "clinic.co.test", "clinic.co.test", "fail",
             ["Only the public suffix's record at _dmarc.co.test (psd=y) covers clinic.co.test"], "pass", "d=clinic.co.test"),
            ("team.shared.test", "shared.test", "team.shared.test", "pass", ["_dmarc.team.shared.test has the policy quarantine (receivers junk"],
             "fail", "DKIM signs for d=shared.test, which is not aligned with the From domain team.shared.test (relaxed)"),
            ("testing.example", "testing.example", "testing.example", "pass", ["has the policy quarantine", "testing mode (t=y)"], "pass", "d=testing.example"),
            ("oldtags.example", "oldtags.example", "oldtags.example", "warn",
             ["pct=50, rf=afrf and ri=86400 are no longer part of DMARC (RFC 9989 removed pct, rf and ri)"], "pass", "d=oldtags.example"),
            ("nop.example", "nop.example", "nop.example", "warn", ["has the policy none", "it has no p= tag, so receivers treat it as p=none"], "pass", "d=nop.example"),
            ("nopnorua.example", "nopnorua.example", "nopnorua.example", "fail", ["cannot be applied: it has no p= tag", "apply no DMARC at all"], "pass", "d=nopnorua.example"),
            ("unknown.example", "unknown.example", "unknown.example", "pass", ["has the policy reject (receivers refuse mail that fails)."], "pass", "d=unknown.example"),
            ("twice.example", "twice.example", "twice.example", "fail", ["_dmarc.twice.example holds 2 DMARC records, and receivers discard them all"], "pass", "d=twice.example"),
        ]
        for c in cases {
            let (status, message) = try dmarc(from: c.from, dkim: c.dkim, bounce: c.bounce)
            #expect(status["dmarc.record"] == c.record, "\(c.from): \(message["dmarc.record"] ?? "")")
            for phrase in c.recordSays { #expect(message["dmarc.record"]?.contains(phrase) == true, "\(c.from): \(message["dmarc.record"] ?? "")") }
            #expect(status["dmarc.alignment"] == c.alignment && message["dmarc.alignment"]?.contains(c.alignmentSays) == true,
                    "\(c.from): \(message["dmarc.alignment"] ?? "")")
        }
    }

    @Test func dnsThatCannotBeReachedIsOneSentenceAndOfflineSkipsIt() throws {
        let dir = try tempDir("check-nodns")
        let env = ["NEWSLETTER_NOW": Self.now, "NEWSLETTER_SECRET": "k-secret-for-tests-0123456789abcdef", "NEWSLETTER_FROM": "Clinic <news@good.example>",
                   "NEWSLETTER_BASE_URL": "https://news.good.example", "NEWSLETTER_DNS_SERVER": "127.0.0.1:9", "NEWSLETTER_DNS_TIMEOUT": "1"]
        let result = try checks(env, in: dir)
        #expect(!result.ok && result.status["dns.server"] == "fail")
        #expect(result.message["dns.server"] == "Nothing answers DNS at 127.0.0.1:9 (connection refused), so no DNS record could be checked.")
        #expect(DNSChecksIDs.all.allSatisfy { result.status[$0] == "skip" })
        // Offline: no DNS, and DKIM off and no bounce address only warn.
        let offline = try checks(env, in: dir, ["--offline"])
        #expect(offline.ok && offline.exit == 0 && offline.status["dns.server"] == nil)
        #expect(offline.status["dkim.signing"] == "warn" && offline.status["config.bounce-address"] == "warn" && offline.status["message.one-click"] == "warn")
        #expect(DNSChecksIDs.all.allSatisfy { offline.status[$0] == "skip" })
        let bad = try CLIRunner.run(["check"], environment: env.merging(["NEWSLETTER_DNS_SERVER": "not a server"]) { $1 }, in: dir)
        #expect(bad.status == 1 && bad.stderr == "error: NEWSLETTER_DNS_SERVER must be host[:port], such as 127.0.0.1:53 or [::1]:5353, not 'not a server'.\n")
    }

    @Test func aGivenMessageIsCheckedAsItStands() throws {
        let dir = try tempDir("check-eml")
        let long = String(repeating: "x", count: 1200)
        let eml = "From: Clinic <news@good.example>\r\nTo: a@example.org\r\nSubject: Hi\r\nMessage-ID: <1@elsewhere.example>\r\nContent-Type: text/html\r\n\r\n<p>\(long)</p><img src=\"https://good.example/a.png\">\r\n"
        try Data(eml.utf8).write(to: dir.appendingPathComponent("m.eml"))
        let env = ["NEWSLETTER_FROM": "Clinic <news@good.example>", "NEWSLETTER_BASE_URL": "https://news.good.example"]
        let result = try checks(env, in: dir, ["--offline", "--eml", "m.eml"])
        #expect(!result.ok)
        for (id, status) in ["message.one-click": "fail", "message.list-id": "fail", "message.message-id": "warn", "message.lines": "fail",
                             "message.text-part": "fail", "message.alt-text": "warn", "message.size": "pass"] {
            #expect(result.status[id] == status, "\(id): \(result.message[id] ?? "")")
        }
        #expect(result.message["message.lines"] == "Line 7 of the message is 1245 octets long, over RFC 5322's limit of 998, and servers may cut or refuse it.")
        #expect(result.status["message.sender-name"] == "skip" && result.status["message.remote-content"] == "pass", "\(result.message)")
        let missing = try CLIRunner.run(["check", "--eml", "nope.eml"], environment: env, in: dir)
        #expect(missing.status == 1 && missing.stderr == "error: The message nope.eml (--eml) cannot be read.\n")
    }

    /// Issue 30: a sender's name that is not the list's, and anything loaded from a third
    /// party (a web font, a stylesheet, a counting pixel, a background), are warned about;
    /// the blog's and the newsletter's own hosts (and their organisation's) are not.
    @Test func aStrangeSenderNameAndThirdPartyLoadsAreWarnedAbout() throws {
        let dir = try tempDir("check-sender")
        func eml(from: String, list: String?, html: String) throws -> [String: (status: String, message: String)] {
            var headers = "From: \(from)\r\nTo: a@example.org\r\nSubject: Hi\r\nMessage-ID: <1@clinic.example>\r\n"
            if let list { headers += "List-Id: \(list)\r\n" }
            try Data((headers + "Content-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n").utf8).write(to: dir.appendingPathComponent("m.eml"))
            let env = ["NEWSLETTER_BASE_URL": "https://news.clinic.example", "NEWSLETTER_BLOG_URL": "https://blog.harbor.example/"]
            let result = try checks(env, in: dir, ["--offline", "--eml", "m.eml"])
            var out: [String: (String, String)] = [:]
            for id in ["message.sender-name", "message.remote-content"] { out[id] = (result.status[id] ?? "none", result.message[id] ?? "") }
            return out
        }
        let loads = """
            <html><head><link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Lora"><link rel="canonical" href="https://elsewhere.example/page">
            <style>@import "https://cdn.styles.example/a.css"; body { background: url('https://img.clinic.example/bg.png') }</style></head>
            <body><table background="//tracker.example/bg.gif"><tr><td style="background-image:url(https://ads.example/x.png)">
            <img src="https://news.clinic.example/logo.png" alt=""><img srcset="https://blog.harbor.example/a.jpg 1x, https://i0.wp.example/a.jpg 2x" alt="">
            <img src="cid:logo" alt=""><img src="data:image/gif;base64,R0lGOD" alt=""><a href="https://links.example/page">A link loads nothing</a>
            </td></tr></table></body></html>
            """
        var r = try eml(from: "Harbor Light Clinic <news@clinic.example>", list: "Harbor Light Counseling <harbor.clinic.example>", html: loads)
        #expect(r["message.sender-name"]?.status == "warn", "\(r)")
        #expect(r["message.sender-name"]?.message == "The sender's name \"Harbor Light Clinic\" is not the list's name \"Harbor Light Counseling\" (List-Id), so readers may not recognise whose mail it is and report it as spam.")
        #expect(r["message.remote-content"]?.status == "warn", "\(r)")
        let said = r["message.remote-content"]?.message ?? ""
        #expect(said.hasPrefix("The message loads from 5 hosts other than the blog's and the newsletter's (fonts.googleapis.com, cdn.styles.example, tracker.example, ads.example, i0.wp.example)"), "\(said)")
        #expect(said.hasSuffix("tells that host who opened which email, as a tracking pixel does."))
        // The same name (in other case, accents and quoting), or the list's name inside the sender's, and only own hosts.
        r = try eml(from: "\"HARBOR LIGHT Counselíng\" <news@clinic.example>", list: "Harbor Light Counseling <harbor.clinic.example>",
                    html: "<img src=\"https://blog.harbor.example/a.jpg\" alt=\"\"><img src=\"https://news.clinic.example/b.png\" alt=\"\">")
        #expect(r["message.sender-name"]?.status == "pass" && r["message.remote-content"]?.status == "pass", "\(r)")
        #expect(r["message.remote-content"]?.message == "All 2 resources the message loads come from the blog's or the newsletter's hosts.")
        r = try eml(from: "Harbor Light Counseling: weekly <news@clinic.example>", list: "\"Harbor Light Counseling\" <harbor.clinic.example>", html: "<p>Hi</p>")
        #expect(r["message.sender-name"]?.status == "pass" && r["message.remote-content"]?.message == "The message loads nothing from the network.", "\(r)")
        // No display name at all: inboxes show the bare address.
        r = try eml(from: "news@clinic.example", list: "Harbor Light Counseling <harbor.clinic.example>", html: "<p>Hi</p>")
        #expect(r["message.sender-name"]?.status == "warn" && r["message.sender-name"]?.message.contains("has no display name") == true, "\(r)")
    }

    @Test func generatedKeysVerifyWithDkimpyAlsoWhenBothSign() throws {
        let dir = try tempDir("dkim")
        let rsa = try generate(in: dir)
        let ed = try generate(in: dir, ["--algorithm", "ed25519"])
        #expect(rsa.key.hasSuffix("Subscribers/dkim-newsletter.pem") && ed.key.hasSuffix("Subscribers/dkim-newsletter-ed25519.pem"))
        for path in [rsa.key, ed.key] {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
            #expect(mode == 0o600, "\(path): \(String(mode, radix: 8))")
        }
        // Never overwritten.
        let before = try Data(contentsOf: URL(fileURLWithPath: rsa.key))
        let again = try CLIRunner.run(["dkim", "generate"], in: dir)
        #expect(again.status == 1 && again.stderr == "error: The DKIM key Subscribers/dkim-newsletter.pem exists already and is never overwritten; choose another --selector, or move the file away first.\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: rsa.key)) == before)
        let badSelector = try CLIRunner.run(["dkim", "generate", "--selector", "a b"], in: dir)
        #expect(badSelector.status == 64, "\(badSelector.stderr)")
        // The records as printed: the DKIM one first, then SPF and DMARC.
        #expect(rsa.records.map { $0["name"] as? String } == ["newsletter._domainkey.good.example", "good.example", "_dmarc.good.example"])
        var dns: [String: String] = [:]
        for generated in [rsa, ed] {
            let record = generated.records[0]
            dns[(record["name"] as! String) + "."] = (record["strings"] as! [String]).joined()
        }
        try JSONSerialization.data(withJSONObject: dns).write(to: dir.appendingPathComponent("dns.json"))
        let env = ["NEWSLETTER_NOW": Self.now, "NEWSLETTER_SECRET": "k-secret-for-tests-0123456789abcdef", "NEWSLETTER_FROM": "Clinic <news@good.example>",
                   "NEWSLETTER_DKIM_DOMAIN": "good.example", "NEWSLETTER_DKIM_SELECTOR": "newsletter,newsletter-ed25519",
                   "NEWSLETTER_DKIM_KEY": "\(rsa.key),\(ed.key)"]
        let preview = try CLIRunner.run(["preview", "--out", "p"], environment: env, in: dir)
        #expect(preview.status == 0, "\(preview.stderr)")
        for (selectors, keys, algorithms) in [("newsletter,newsletter-ed25519", "\(rsa.key),\(ed.key)", ["rsa-sha256", "ed25519-sha256"]),
                                              ("newsletter", rsa.key, ["rsa-sha256"])] {
            let out = "p-\(algorithms.count)"
            let r = try CLIRunner.run(["preview", "--out", out], environment: env.merging(["NEWSLETTER_DKIM_SELECTOR": selectors, "NEWSLETTER_DKIM_KEY": keys]) { $1 }, in: dir)
            #expect(r.status == 0, "\(r.stderr)")
            let verified = try PythonScript.json("dkim_verify.py", [dir.appendingPathComponent(out + "/digest.eml").path, dir.appendingPathComponent("dns.json").path])
            let list = try #require(verified as? [[String: Any]])
            #expect(Set(list.map { $0["a"] as? String }) == Set(algorithms) && list.count == algorithms.count, "\(list)")
            #expect(list.allSatisfy { $0["ok"] as? Bool == true && $0["d"] as? String == "good.example" }, "\(list)")
        }
    }

    @Test func initMakesAKeyOnceAndPrintsItsRecord() throws {
        let dir = try tempDir("init-dkim")
        let env = ["NEWSLETTER_FROM": "Clinic <news@clinic.example>"]
        let first = try CLIRunner.run(["init"], environment: env, in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Subscribers/dkim-newsletter.pem (RSA-2048 DKIM key, mode 0600)"))
        #expect(first.stdout.contains("newsletter._domainkey.clinic.example. 3600 IN TXT ( \"v=DKIM1; k=rsa; p="))
        #expect(first.stdout.contains("_dmarc.clinic.example. 3600 IN TXT \"v=DMARC1; p=none; rua=mailto:news@clinic.example\""))
        let key = dir.appendingPathComponent("Subscribers/dkim-newsletter.pem")
        let pem = try Data(contentsOf: key)
        let second = try CLIRunner.run(["init"], environment: env, in: dir)
        #expect(second.status == 0 && !second.stdout.contains("DKIM key, mode 0600"))
        #expect(second.stdout.contains("newsletter._domainkey.clinic.example."), "the kept key's record is printed again")
        #expect(try Data(contentsOf: key) == pem)
        // A configured key: init makes none.
        let other = try tempDir("init-dkim-configured")
        let configured = try CLIRunner.run(["init"], environment: ["NEWSLETTER_DKIM_DOMAIN": "c.example", "NEWSLETTER_DKIM_SELECTOR": "s", "NEWSLETTER_DKIM_KEY": "/etc/k.pem"], in: other)
        #expect(configured.status == 0 && !FileManager.default.fileExists(atPath: other.appendingPathComponent("Subscribers/dkim-newsletter.pem").path))
    }

    @Test func theOfflineChecksStopAnSMTPSendUntilForced() throws {
        let smtp = try SMTPServer()
        let dir = try tempDir("presend")
        try Data("email\na@example.net\nb@example.net\n".utf8).write(to: dir.appendingPathComponent("people.csv"))
        var env = ["NEWSLETTER_NOW": Self.now, "NEWSLETTER_SECRET": "k-secret-for-tests-0123456789abcdef", "NEWSLETTER_FROM": "Clinic <news@clinic.example>"]
        _ = try CLIRunner.run(["subscribers", "import", "people.csv", "--confirmed"], environment: env, in: dir)
        // Through the outbox the same failure only warns.
        let outbox = try CLIRunner.run(["send", "--since", "30d", "--dry-run"], environment: env, in: dir)
        #expect(outbox.status == 0)
        env["NEWSLETTER_SMTP_URL"] = smtp.url
        for base in ["http://news.clinic.example", "https://127.0.0.1:8080", "https://localhost/", "https://192.168.1.10"] {
            env["NEWSLETTER_BASE_URL"] = base
            let stopped = try CLIRunner.run(["send", "--since", "30d"], environment: env, in: dir)
            #expect(stopped.status == 1, "\(base): \(stopped.stdout)")
            #expect(stopped.stderr.contains("error: config.base-url-https: NEWSLETTER_BASE_URL "), "\(stopped.stderr)")
            #expect(stopped.stderr.hasSuffix("error: The send was stopped by \(base.hasPrefix("http:") ? 2 : 1) failing deliverability check\(base.hasPrefix("http:") ? "s" : "") (newsletter check lists them all); fix \(base.hasPrefix("http:") ? "them" : "it"), or send anyway with --force.\n"), "\(stopped.stderr)")
            #expect(try smtp.messages().isEmpty)
        }
        let forced = try CLIRunner.run(["send", "--since", "30d", "--force"], environment: env, in: dir)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout.contains("Sent 2, bounced 0"))
        #expect(try smtp.messages().count == 2)
        // A public https base URL passes without --force.
        let smtp2 = try SMTPServer()
        let dir2 = try tempDir("presend-ok")
        try Data("email\na@example.net\n".utf8).write(to: dir2.appendingPathComponent("people.csv"))
        _ = try CLIRunner.run(["subscribers", "import", "people.csv", "--confirmed"], environment: env, in: dir2)
        env["NEWSLETTER_BASE_URL"] = "https://news.clinic.example"
        env["NEWSLETTER_SMTP_URL"] = smtp2.url
        let fine = try CLIRunner.run(["send", "--since", "30d"], environment: env, in: dir2)
        #expect(fine.status == 0 && fine.stdout.contains("Sent 1, bounced 0"), "\(fine.stderr)")
        #expect(try smtp2.messages().count == 1)
    }
}

enum DNSChecksIDs {
    static let all = ["dkim.record", "spf.record", "spf.lookups", "dmarc.record", "dmarc.alignment", "mx.bounce-domain"]
}
