import Crypto
import _CryptoExtras
import Foundation
import NewsletterCore
import Testing

/// Messages handed to Python's email package (policy.default) and dkimpy.
@Suite struct IndependentParserTests {
    static let awkwardText = """
    Hello Zoë 👋🏽 — ça va?
    .A line that starts with a dot
    From the start of a line, mbox would mangle this
    ..two dots
    trailing spaces   \("")
    tab\tinside and trailing\t
    \(String(repeating: "long-line-without-spaces-", count: 60))
    \(String(repeating: "é", count: 200))
    = equals = signs =3D
    last line without newline
    """

    static let awkwardHTML = "<p>Zoë 👋🏽 &amp; friends</p>\n<p>" + String(repeating: "<b>bold</b> ", count: 300) + "</p>\n.dot\nFrom here"

    func message(subject: String, toName: String?, text: String, html: String, boundary: String = "b1") -> EmailMessage {
        EmailMessage(headers: [
            ("From", .addresses([EmailAddress("news@example.org", name: "Clinic, \"The\" Newsletter")])),
            ("To", .addresses([EmailAddress("reader@example.net", name: toName)])),
            ("Subject", .text(subject)),
            ("Date", .raw(RFC5322Date.string(utc(2026, 11, 27, 9)))),
            ("Message-ID", .raw("<m-\(boundary)@example.org>")),
            ("List-Unsubscribe", .raw("<https://example.org/unsubscribe/abc>, <mailto:news@example.org?subject=unsubscribe>")),
            ("List-Unsubscribe-Post", .raw("List-Unsubscribe=One-Click")),
        ], body: .multipart(subtype: "alternative", boundary: boundary, parts: [
            .text(subtype: "plain", content: text), .text(subtype: "html", content: html),
        ]))
    }

    static let subjects: [(String, String?)] = [
        ("Plain ASCII subject", "Sam Reader"),
        ("Ünïcödé subject with emoji 🎉🧠 and a long tail that needs folding across several encoded words to stay short", "Zoë Ünïcödé"),
        ("日本語の件名：こころの健康について、長い件名のテストです。文字が途中で切れてはいけません。", "山田 太郎"),
        ("A \"quoted\" subject with =?fake?= words", "O'Brien, Pat"),
        ("Injected\r\nBcc: victim@example.com", "Mallory\r\nBcc: evil@example.com"),
    ]

    @Test func everyMessageParsesWithoutDefectsAndDecodesExactly() throws {
        var cases: [PythonCheck.Case] = []
        for (i, (subject, name)) in Self.subjects.enumerated() {
            let bytes = message(subject: subject, toName: name, text: Self.awkwardText, html: Self.awkwardHTML, boundary: "b\(i)").render()
            let expectedSubject = HTMLText.collapseWhitespace(HeaderEncoding.sanitize(subject))
            cases.append(PythonCheck.Case(
                eml: try PythonCheck.write(bytes, name: "parse-\(i).eml"),
                text: Self.awkwardText, html: Self.awkwardHTML, subject: expectedSubject,
                headers: ["from", "to", "subject", "date", "message-id", "list-unsubscribe", "list-unsubscribe-post", "mime-version", "content-type"]
            ))
        }
        let digest = try DigestFixture.message(to: Recipient(email: "zoe@example.net", name: "Zoë \"Z\" Ünïcödé")).render()
        cases.append(PythonCheck.Case(eml: try PythonCheck.write(digest, name: "digest.eml"), subject: try DigestFixture.rendered().subject,
                                      to: "\"Zoë \\\"Z\\\" Ünïcödé\" <zoe@example.net>"))
        for result in try PythonCheck.run(cases) {
            #expect(result.problems.isEmpty, "\(result.eml): \(result.problems)")
        }
    }

    @Test func injectedLineBreaksCannotAddAHeader() {
        let bytes = message(subject: "Hi\r\nBcc: victim@example.com", toName: "Eve\nX-Evil: 1", text: "t", html: "h").render()
        let text = String(decoding: bytes, as: UTF8.self)
        let headerBlock = text.components(separatedBy: "\r\n\r\n")[0]
        let fieldNames = headerBlock.components(separatedBy: "\r\n").filter { !$0.hasPrefix(" ") }.compactMap { $0.split(separator: ":").first }
        #expect(!fieldNames.contains("Bcc"))
        #expect(!fieldNames.contains("X-Evil"))
    }

    @Test func signaturesVerifyWithDkimpyAndBreakWhenAltered() throws {
        let rsaKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let keys: [(String, String)] = [("rsa", rsaKey.pemRepresentation), ("ed", DigestFixture.ed25519PEM())]
        var cases: [PythonCheck.Case] = []
        var expectations: [Bool] = []
        for (selector, pem) in keys {
            let key = try DKIMKey(pem: pem)
            let signer = DKIMSigner(domain: "example.org", selector: selector, key: key)
            let dns = ["\(selector)._domainkey.example.org.": key.dnsRecord]
            for (i, (subject, name)) in Self.subjects.enumerated() {
                let signed = try signer.sign(message(subject: subject, toName: name, text: Self.awkwardText, html: Self.awkwardHTML, boundary: "s\(i)").render(), timestamp: 1_764_000_000)
                cases.append(PythonCheck.Case(eml: try PythonCheck.write(signed, name: "\(selector)-\(i).eml"), dns: dns))
                expectations.append(true)
            }
            let digest = try signer.sign(try DigestFixture.message(to: Recipient(email: "sam@example.com", name: "Sam")).render(), timestamp: 1_764_000_000)
            cases.append(PythonCheck.Case(eml: try PythonCheck.write(digest, name: "\(selector)-digest.eml"), dns: dns))
            expectations.append(true)
            // Altered after signing: a changed body and a changed subject must both fail.
            var body = digest
            if let index = body.lastIndex(of: UInt8(ascii: "a")) { body[index] = UInt8(ascii: "b") }
            cases.append(PythonCheck.Case(eml: try PythonCheck.write(body, name: "\(selector)-altered-body.eml"), dns: dns))
            expectations.append(false)
            let subject = Array(String(decoding: digest, as: UTF8.self).replacingOccurrences(of: "Subject: Harbor", with: "Subject: Harbour").utf8)
            cases.append(PythonCheck.Case(eml: try PythonCheck.write(subject, name: "\(selector)-altered-subject.eml"), dns: dns))
            expectations.append(false)
            // An extra List-Unsubscribe added in transit is caught by over-signing.
            let added = Array("List-Unsubscribe: <https://evil.example/>\r\n".utf8) + digest
            cases.append(PythonCheck.Case(eml: try PythonCheck.write(added, name: "\(selector)-added-header.eml"), dns: dns))
            expectations.append(false)
        }
        let results = try PythonCheck.run(cases)
        for (result, expected) in zip(results, expectations) {
            #expect(result.dkim == expected, "\(result.eml): dkim \(String(describing: result.dkim)), expected \(expected)")
        }
    }
}
