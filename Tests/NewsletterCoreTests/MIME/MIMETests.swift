import Crypto
import Foundation
import NewsletterCore
import Testing

@Suite struct MIMETests {
    @Test func quotedPrintableKeepsLinesShortAndEncodesWhatItMust() {
        let text = String(repeating: "x", count: 200) + "\n" + String(repeating: "é", count: 50) + " \n.dot\nFrom me\n=\tend\t"
        let encoded = String(decoding: QuotedPrintable.encode(text), as: UTF8.self)
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        let bytes = QuotedPrintable.encode(text)
        #expect(bytes.indices.allSatisfy { bytes[$0] != 0x0A || ($0 > 0 && bytes[$0 - 1] == 0x0D) }, "a bare LF")
        #expect(lines.contains("=2Edot"))
        #expect(lines.contains("=46rom me"))
        #expect(lines.last == "=3D\tend=09")
        #expect(!lines.contains { $0.hasSuffix(" ") || $0.hasSuffix("\t") })
        // Soft breaks never split an escape.
        #expect(!lines.contains { $0.range(of: "=[0-9A-F]?$", options: .regularExpression) != nil && !$0.hasSuffix("=") })
    }

    @Test func encodedWordsNeverSplitACharacter() throws {
        let field = HeaderEncoding.field("Subject", .text(String(repeating: "😀é", count: 40)))
        let lines = field.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 78 })
        for word in field.components(separatedBy: .whitespacesAndNewlines) where word.hasPrefix("=?UTF-8?B?") {
            #expect(word.utf8.count <= 75)
            let payload = word.dropFirst(10).dropLast(2)
            let data = try #require(Data(base64Encoded: String(payload)), "\(word)")
            #expect(String(data: data, encoding: .utf8) != nil, "\(word) does not decode to whole characters")
        }
    }

    /// Long raw values (List-Unsubscribe on every copy) fold at spaces into lines of at most
    /// 78 octets where the words allow, the same as a plain reading of RFC 5322 §2.2.3 would.
    @Test func longRawValuesFoldLikeAPlainReading() {
        func reference(_ name: String, _ value: String) -> String {
            var out = name + ": ", length = out.utf8.count, first = true
            for word in value.split(separator: " ") {
                if first { out += word; length += word.utf8.count; first = false }
                else if length + 1 + word.utf8.count > 78 { out += "\r\n " + word; length = 1 + word.utf8.count }
                else { out += " " + word; length += 1 + word.utf8.count }
            }
            return out
        }
        var generator = SystemRandomNumberGenerator()
        let pieces = ["<mailto:u@news.example?subject=unsubscribe>,", "<https://news.example/unsubscribe?t=abcdefghijklmnopqrstuvwxyz0123456789>", "a", "", "é", "x=y;"]
        for _ in 0..<2_000 {
            let count = Int.random(in: 0...8, using: &generator)
            let value = (0..<count).map { _ in pieces.randomElement(using: &generator)! + String(repeating: "z", count: Int.random(in: 0...40, using: &generator)) }
                .joined(separator: String(repeating: " ", count: Int.random(in: 1...3, using: &generator)))
            let padded = (Bool.random(using: &generator) ? " " : "") + value + (Bool.random(using: &generator) ? "  " : "")
            let field = HeaderEncoding.field("List-Unsubscribe", .raw(padded))
            let expected = padded.utf8.count + 18 <= 78 && !padded.hasPrefix(" ") && !padded.hasSuffix(" ") && !padded.contains("  ")
                ? "List-Unsubscribe: " + padded : reference("List-Unsubscribe", padded)
            #expect(field == expected, "\(padded)")
        }
    }

    @Test func displayNamesAreQuotedOrEncoded() {
        #expect(HeaderEncoding.field("To", .addresses([EmailAddress("a@b.c", name: "Doe, Jane")])) == "To: \"Doe, Jane\" <a@b.c>")
        #expect(HeaderEncoding.field("To", .addresses([EmailAddress("a@b.c", name: "Jane Doe")])) == "To: Jane Doe <a@b.c>")
        #expect(HeaderEncoding.field("To", .addresses([EmailAddress("a@b.c")])) == "To: <a@b.c>")
        #expect(HeaderEncoding.field("To", .addresses([EmailAddress("a@b.c", name: "Zoë")])) == "To: =?UTF-8?B?Wm/Dqw==?= <a@b.c>")
        #expect(EmailAddress.parse("\"Doe, Jane\" <jane@example.com>") == EmailAddress("jane@example.com", name: "Doe, Jane"))
        #expect(EmailAddress.parse("no-at-sign") == nil)
    }

    @Test func renderedMessagesUseCRLFOnly() throws {
        let bytes = try DigestFixture.message(to: Recipient(email: "sam@example.com", name: "Sam")).render()
        for (i, b) in bytes.enumerated() where b == 0x0A {
            #expect(i > 0 && bytes[i - 1] == 0x0D)
        }
        #expect(bytes.allSatisfy { $0 < 0x80 })
    }

    @Test func rfc5322Dates() {
        #expect(RFC5322Date.string(utc(2026, 11, 29, 1, 16, 26)) == "Sun, 29 Nov 2026 01:16:26 +0000")
    }
}

@Suite struct DigestTests {
    @Test func personalisationFillsEachCopyWithoutRendering() throws {
        let rendered = try DigestFixture.rendered()
        let a = rendered.html.fill([.greetingName: "Ana", .email: "ana@example.com", .unsubscribeURL: "https://x/u/1"], html: true)
        let b = rendered.html.fill([.greetingName: "<Bob & Co>", .email: "bob@example.com", .unsubscribeURL: "https://x/u/2"], html: true)
        #expect(a.contains("Hi Ana,") && a.contains("href=\"https://x/u/1\""))
        #expect(b.contains("Hi &lt;Bob &amp; Co&gt;,") && !b.contains("<Bob"))
        #expect(!a.contains("\u{E000}"))
    }

    @Test func textIsWrappedAt72WithNumberedReferences() throws {
        let text = try DigestFixture.rendered().text.fill([.greetingName: "Sam", .email: "sam@example.com", .unsubscribeURL: "https://x/u/1"], html: false)
        for line in text.components(separatedBy: "\n") where !line.hasPrefix("[") {
            #expect(line.count <= 72, "\(line)")
        }
        #expect(text.contains("[1] https://www.harborlightclinic.example/blog/holiday-stress-survival-guide/?utm_source=newsletter&utm_medium=email&utm_campaign=digest-2026-11-27"))
        #expect(text.contains("A Gentle Guide to Holiday Stress [1]"))
        #expect(!text.contains("&amp;"))
        #expect(text.contains("\u{201C}Just Calm Down\u{201D} & Other Things"))
    }

    @Test func htmlIsEmailSafe() throws {
        let html = try DigestFixture.rendered().html.fill([.greetingName: "Sam", .email: "s@e.x", .unsubscribeURL: "https://x/u"], html: true)
        #expect(html.contains("<html lang=\"en\""))
        #expect(html.contains("role=\"presentation\""))
        #expect(html.contains("max-width:600px"))
        #expect(html.contains("prefers-color-scheme: dark"))
        #expect(html.contains("href=\"https://news.harborlightclinic.example/archive/2026-11-27\""))
        #expect(html.contains("&ldquo;") || html.contains("&#8220;") || html.contains("\u{201C}Just Calm Down\u{201D} &amp; Other"))
        #expect(html.contains("https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fwww.harborlightclinic.example%2Fblog%2Fjust-calm-down%2F"))
        #expect(html.contains(SampleBlog.postalAddress))
        #expect(!html.contains("<script"))
        let images = html.components(separatedBy: "<img ").dropFirst()
        #expect(!images.isEmpty && images.allSatisfy { $0.contains("alt=\"") })
    }

    @Test func utmTagsOnlyTheBlogsLinksAndNeverOverwrite() {
        let utm = UTM(source: "newsletter", medium: "email", campaign: "w48")
        let hosts: Set<String> = ["blog.example"]
        #expect(utm.tag("https://blog.example/p?a=1#top", hosts: hosts) == "https://blog.example/p?a=1&utm_source=newsletter&utm_medium=email&utm_campaign=w48#top")
        #expect(utm.tag("https://blog.example/p?utm_source=rss", hosts: hosts) == "https://blog.example/p?utm_source=rss&utm_medium=email&utm_campaign=w48")
        #expect(utm.tag("https://other.example/p", hosts: hosts) == "https://other.example/p")
        #expect(utm.tag("https://BLOG.example:443/p", hosts: hosts).contains("utm_medium=email"))
    }

    @Test func preEncodedCopiesAreByteIdentical() throws {
        let builder = DigestMessage(identity: DigestFixture.identity, rendered: try DigestFixture.rendered())
        let recipients = [
            Recipient(email: "sam@example.com", name: "Sam Reader"), Recipient(email: "z@example.com", name: "Zoë \"Z\" <Ünïcödé> & Co"),
            Recipient(email: "a@example.com", name: nil), Recipient(email: "long@example.com", name: String(repeating: "Very Long Name ", count: 12)),
        ]
        for r in recipients {
            let token = DigestFixture.token(r.email)
            let plain = builder.message(for: r, token: token, preferences: "p" + token, envelope: DigestFixture.envelope).render()
            let fast = builder.message(for: r, token: token, preferences: "p" + token, envelope: DigestFixture.envelope, preEncoded: true).render()
            #expect(plain == fast, "\(r.email)")
            #expect(builder.bytes(for: r, token: token, preferences: "p" + token, envelope: DigestFixture.envelope) == fast, "\(r.email)")
        }
        // With every optional field, a tag on the unsubscribe link and a long address.
        let identity = NewsletterIdentity(name: "Harbor Light Counseling", from: SampleBlog.from,
                                          replyTo: EmailAddress("care@harborlightclinic.example", name: "Care Team, Harbor Light"),
                                          blogURL: "https://www.harborlightclinic.example/blog/", baseURL: "https://news.harborlightclinic.example",
                                          postalAddress: SampleBlog.postalAddress, feedbackID: "w48:digest:harborlight",
                                          unsubscribeMailbox: "leave@harborlightclinic.example")
        let full = DigestMessage(identity: identity, rendered: try DigestFixture.rendered())
        for r in recipients + [Recipient(email: String(repeating: "x", count: 60) + "@example.com", name: "X")] {
            let token = DigestFixture.token(r.email)
            let query = "?issue=2026-11-27&t=abcdefghijklmnop"
            let slow = full.message(for: r, token: token, preferences: "p" + token, envelope: DigestFixture.envelope, preEncoded: true, unsubscribeQuery: query).render()
            #expect(full.bytes(for: r, token: token, preferences: "p" + token, envelope: DigestFixture.envelope, unsubscribeQuery: query) == slow, "\(r.email)")
        }
    }

    @Test func postsAlreadySentAreLeftOut() throws {
        let feed = try FeedParser.parse(Data(SampleBlog.feedXML.utf8), source: "sample").feed
        let all = NewsletterCore.Digest.selectPosts(from: feed, since: utc(2026, 11, 1))
        #expect(all.map(\.id) == ["harborlight-holiday-stress-survival-guide", "harborlight-just-calm-down", "harborlight-rest-is-not-a-reward", "harborlight-understanding-iop"])
        let rest = NewsletterCore.Digest.selectPosts(from: feed, since: nil, excluding: Set(all.map(\.id)), limit: 2)
        #expect(rest.map(\.id) == ["harborlight-seasonal-affective-disorder", "harborlight-sleep-and-mood"])
    }

    @Test func gmailClippingWarns() throws {
        var digest = try DigestFixture.digest()
        let long = String(repeating: "word ", count: 60)
        digest.posts = (0..<400).map { Post(id: "p\($0)", title: "Post \($0)", url: "https://www.harborlightclinic.example/p/\($0)", summary: long) }
        let rendered = DigestRenderer(templates: try TemplateSet()).render(digest)
        #expect(rendered.warnings.contains { $0.contains("102 KB") })
    }

    @Test func brokenTemplatesAreOneSentence() {
        do {
            _ = try TemplateSet(files: ["post.html.mustache": "{{#posts}}unclosed"], folder: "Templates")
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error).hasPrefix("The template Templates/post.html.mustache cannot be used:"))
        }
    }

    /// One keyed authenticator, copied for every copy's tokens and tags, signs exactly as
    /// keying afresh does, however many times it is reused.
    @Test func aKeyedAuthenticatorReusedSignsAsAFreshKey() {
        let secret = DigestFixture.secret
        let keyed = HMAC<SHA256>(key: secret)
        for i in 0..<200 {
            let email = "reader\(i)@example.net"
            let token = SubscriberToken(purpose: .unsubscribe, email: email, expires: i % 2 == 0 ? nil : 1_800_000_000 + i)
            #expect(token.signed(with: keyed) == token.signed(with: secret))
            #expect(IssueTag.query(issue: "2026-11-27", email: email, keyed: keyed) == IssueTag.query(issue: "2026-11-27", email: email, secret: secret))
        }
        #expect(IssueTag.query(issue: "week 48/é", email: "a@b.c", secret: secret).hasPrefix("?issue=week%2048%2F%C3%A9&t="))
    }

    @Test func tokensRefuseForgeryExpiryAndWrongPurpose() throws {
        let secret = DigestFixture.secret
        let now = utc(2026, 11, 27)
        let token = SubscriberToken(purpose: .confirm, email: "a@b.c", expires: Int(now.timeIntervalSince1970) + 60).signed(with: secret)
        #expect(try SubscriberToken.verify(token, purpose: .confirm, secret: secret, now: now).email == "a@b.c")
        #expect(throws: SubscriberToken.Failure.wrongPurpose) { try SubscriberToken.verify(token, purpose: .unsubscribe, secret: secret, now: now) }
        #expect(throws: SubscriberToken.Failure.expired) { try SubscriberToken.verify(token, purpose: .confirm, secret: secret, now: now.addingTimeInterval(120)) }
        var forged = Array(token)
        forged[3] = forged[3] == "A" ? "B" : "A"
        #expect(throws: (any Error).self) { try SubscriberToken.verify(String(forged), purpose: .confirm, secret: secret, now: now) }
        #expect(throws: SubscriberToken.Failure.malformed) { try SubscriberToken.verify("garbage", purpose: .confirm, secret: secret, now: now) }
    }
}
