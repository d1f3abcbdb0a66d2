import Foundation
@testable import NewsletterCore
import Testing

@Suite struct HTMLTextTests {
    @Test func blocksBecomeParagraphsAndListsBullets() {
        let html = """
        <h2>Title</h2><p>First &amp; <b>bold</b>
        paragraph.</p><ul><li>one</li><li>two <i>x</i></li></ul><ol start="3"><li>three</li><li>four</li></ol>
        <script>alert(1)</script><style>p{}</style><p>Line<br>break&nbsp;here &#8212; done &hellip;</p>
        """
        #expect(HTMLText.plainText(html) == """
        Title

        First & bold paragraph.

        • one
        • two x

        3. three
        4. four

        Line
        break\u{A0}here — done …
        """)
    }

    @Test func nestedListsIndentAndPreKeepsWhitespace() {
        #expect(HTMLText.plainText("<ul><li>a<ul><li>b</li></ul></li></ul>") == "• a\n  • b")
        #expect(HTMLText.plainText("<pre>x  = 1\n  y</pre>") == "x  = 1\n  y")
    }

    @Test func excerptCutsAtAWordBoundary() {
        let text = "The quick brown fox jumps over the lazy dog"
        #expect(HTMLText.excerpt(text, limit: 100) == text)
        #expect(HTMLText.excerpt(text, limit: 22) == "The quick brown fox…")
        #expect(HTMLText.excerpt("Supercalifragilistic", limit: 10) == "Supercalif…")
    }

    @Test func entitiesDecode() {
        #expect(HTMLText.decodeEntities("&lt;a&gt; &#x41;&#65; &copy &bogus; & &#150;") == "<a> AA © &bogus; & –")
    }

    @Test func cleanerDropsActiveContentAndResolvesURLs() {
        let html = "<p onclick=\"x()\">Hi <a href=\"javascript:alert(1)\">bad</a> <a href=\"/ok\">ok</a><img src=\"i.png\" srcset=\"i.png 1x, i2.png 2x\"></p><iframe src=\"x\"></iframe><script>bad()</script>"
        #expect(HTMLCleaner.clean(html, base: "https://b.example/blog/") ==
            "<p>Hi <a>bad</a> <a href=\"https://b.example/ok\">ok</a><img src=\"https://b.example/blog/i.png\" srcset=\"https://b.example/blog/i.png 1x, https://b.example/blog/i2.png 2x\"></p>")
    }
}

@Suite struct FeedDateTests {
    @Test(arguments: [
        ("Thu, 01 Jan 2004 19:48:21 GMT", utc(2004, 1, 1, 19, 48, 21)),
        ("Thu, 1 Jan 04 19:48 EST", utc(2004, 1, 2, 0, 48)),
        ("01 Jan 2004 19:48:21 +0130", utc(2004, 1, 1, 18, 18, 21)),
        ("Sat, 07 Sep 2002 00:00:01 -0000", utc(2002, 9, 7, 0, 0, 1)),
        ("Mon, 26 January 2004 16:31:00 ET", utc(2004, 1, 26, 21, 31)),
        ("Thu, 01 Jan 99 00:00:00 Z", utc(1999, 1, 1)),
        ("2026-11-20T09:30:00Z", utc(2026, 11, 20, 9, 30)),
        ("2026-11-20T09:30:00.123+02:00", utc(2026, 11, 20, 7, 30)),
        ("2026-11-20T09:30+0200", utc(2026, 11, 20, 7, 30)),
        ("2026-11-20 09:30:00", utc(2026, 11, 20, 9, 30)),
        ("2026-11-20", utc(2026, 11, 20)),
        ("2020/1/10 14:33:00", utc(2020, 1, 10, 14, 33)),
    ])
    func parses(_ text: String, _ expected: Date) {
        #expect(FeedDate.parse(text).map { $0.timeIntervalSince1970.rounded(.down) } == expected.timeIntervalSince1970, "\(text)")
    }

    /// The one-pass RFC 2822 reader and the token reader agree wherever the first answers.
    @Test(arguments: [
        "Thu, 01 Jan 2004 19:48:21 GMT", "Thu, 1 Jan 2004 19:48 EST", "01 Jan 2004 19:48:21 +0130",
        "Sat, 07 Sep 2002 00:00:01 -0000", "Mon, 02 Nov 2026 10:00:00 GMT", "Mon,  02 Nov 2026 10:00:00   UT",
        "Tue, 31 Dec 2024 23:59:60 PDT", "Wed, 02 Oct 2002 13:00:00 Z", "Wed, 02 Oct 2002 08:00 -0500",
    ])
    func rfc2822FastPathAgrees(_ text: String) {
        let fast = FeedDate.parseRFC2822(text)
        #expect(fast != nil, "\(text)")
        #expect(fast == FeedDate.parseLoose(text), "\(text)")
    }

    @Test(arguments: ["Thu, 1 Jan 04 19:48 EST", "Mon, 26 January 2004 16:31:00 ET", "Thu, 01 Jan 2004 19:48:21 +01:30",
                      "Thu, 01 Jan 2004 19:48:21 (GMT)", "Foo, 01 Jan 2004 19:48:21 GMT", "Thu, 01 Jan 2004 19:48:21 XYZ", "Thu 01 Jan 2004"])
    func rfc2822FastPathLeavesTheRest(_ text: String) {
        #expect(FeedDate.parseRFC2822(text) == nil, "\(text)")
    }

    /// Dates written without a calendar object agree with Foundation's calendars, across
    /// year ends, leap years and 53-week years.
    @Test func calendarFreeDatesAgreeWithFoundation() {
        var iso = Calendar(identifier: .iso8601)
        iso.timeZone = TimeZone(identifier: "UTC")!
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = TimeZone(identifier: "UTC")!
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        var t = utc(1999, 12, 20).timeIntervalSince1970
        while t < utc(2033, 1, 10).timeIntervalSince1970 {
            let date = Date(timeIntervalSince1970: t + 3723)
            let w = iso.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
            let week = ISOWeek.yearAndWeek(date)
            #expect(week.year == w.yearForWeekOfYear! && week.week == w.weekOfYear!, "\(date)")
            let c = gregorian.dateComponents([.year, .month, .day, .weekday], from: date)
            let p = UTCFormat.parts(date)
            let expected: [Int] = [c.year!, c.month!, c.day!, c.weekday!]
            #expect([p.year, p.month, p.day, p.weekday + 1] == expected, "\(date)")
            #expect(RFC5322Date.string(date).hasPrefix(days[c.weekday! - 1] + ", "))
            t += 86_400 * 3
        }
        #expect(RFC5322Date.string(utc(2026, 11, 29, 9, 30)) == "Sun, 29 Nov 2026 09:30:00 +0000")
        #expect(ISOWeek.string(utc(2026, 11, 27)) == "2026-W48")
        #expect(ISOWeek.string(utc(2027, 1, 1)) == "2026-W53")
    }

    @Test(arguments: ["", "yesterday", "32 Foo 2020", "2026-13-01", "12:00"])
    func rejects(_ text: String) {
        #expect(FeedDate.parse(text) == nil)
    }

    @Test func timeSpecs() {
        let now = utc(2026, 11, 29, 12)
        #expect(TimeSpec.parse("7d", now: now) == utc(2026, 11, 22, 12))
        #expect(TimeSpec.parse("36h", now: now) == utc(2026, 11, 28, 0))
        #expect(TimeSpec.parse("2w", now: now) == utc(2026, 11, 15, 12))
        #expect(TimeSpec.parse("2026-11-01", now: now) == utc(2026, 11, 1))
        #expect(TimeSpec.parse("soon", now: now) == nil)
        #expect(TimeSpec.parse("7x", now: now) == nil)
    }
}

@Suite struct URLResolverTests {
    /// RFC 3986 §5.4.1 normal examples and §5.4.2 abnormal ones.
    @Test(arguments: [
        ("g:h", "g:h"), ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"),
        ("/g", "http://a/g"), ("//g", "http://g"), ("?y", "http://a/b/c/d;p?y"), ("g?y", "http://a/b/c/g?y"),
        ("#s", "http://a/b/c/d;p?q#s"), ("g#s", "http://a/b/c/g#s"), ("g?y#s", "http://a/b/c/g?y#s"),
        (";x", "http://a/b/c/;x"), ("g;x", "http://a/b/c/g;x"), ("", "http://a/b/c/d;p?q"), (".", "http://a/b/c/"),
        ("./", "http://a/b/c/"), ("..", "http://a/b/"), ("../", "http://a/b/"), ("../g", "http://a/b/g"),
        ("../..", "http://a/"), ("../../", "http://a/"), ("../../g", "http://a/g"),
        ("../../../g", "http://a/g"), ("/./g", "http://a/g"), ("/../g", "http://a/g"), ("g.", "http://a/b/c/g."),
        (".g", "http://a/b/c/.g"), ("./../g", "http://a/b/g"), ("./g/.", "http://a/b/c/g/"), ("g/./h", "http://a/b/c/g/h"),
        ("g/../h", "http://a/b/c/h"),
    ])
    func rfc3986Examples(_ reference: String, _ expected: String) {
        #expect(URLResolver.resolve(reference, against: "http://a/b/c/d;p?q") == expected)
    }

    /// Path-absolute references, resolved in one pass when they have no dot segment.
    @Test(arguments: [
        ("/g?y#s/./x", "http://a/b/c/d;p?q", "http://a/g?y#s/./x"), ("/b/c.html", "http://a/b/c/d;p?q", "http://a/b/c.html"),
        ("/a/.b", "http://a/b", "http://a/a/.b"), ("/a/./b/../c", "http://a/b", "http://a/a/c"),
        ("/p", "https://u@host:8080?q#f", "https://u@host:8080/p"), ("/p", "HTTP://Host#f", "HTTP://Host/p"),
        ("/p", "urn:x:y", "urn:/p"), ("/p/", "file:///srv/feed.xml", "file:///p/"),
    ])
    func pathAbsolute(_ reference: String, _ base: String, _ expected: String) {
        #expect(URLResolver.resolve(reference, against: base) == expected)
    }

    @Test func irisStayAsWritten() {
        #expect(URLResolver.resolve("À", against: "http://any.test/") == "http://any.test/À")
    }
}

@Suite struct ConfigAndJSONTests {
    @Test func tomlSubset() throws {
        let file = try ConfigFile.parse("""
        # comment
        feed = "https://blog.example/feed/" # trailing
        db = 'Subscribers/x.sqlite'
        [smtp]
        url = "smtp://127.0.0.1:2525"
        concurrency = 4
        tls = true
        """, path: "newsletter.toml")
        #expect(file["feed"] == "https://blog.example/feed/")
        #expect(file["db"] == "Subscribers/x.sqlite")
        #expect(file["smtp.url"] == "smtp://127.0.0.1:2525")
        #expect(file["smtp.concurrency"] == "4")
        #expect(throws: ConfigFile.SyntaxError.self) { try ConfigFile.parse("feed https://x", path: "n.toml") }
        do {
            _ = try ConfigFile.parse("a = 1\nb = nope", path: "n.toml")
        } catch {
            #expect(String(describing: error) == "The config file n.toml has an error on line 2: the value of 'b' is not a string, number, boolean or array.")
        }
    }

    @Test func jsonKeepsKeyOrderAndEscapes() throws {
        let value = JSONValue.object([("z", .string("a\"b\n\u{1}")), ("a", .null), ("n", .number(3)), ("l", .array([.bool(true)]))])
        #expect(value.render(pretty: false) == "{\"z\":\"a\\\"b\\n\\u0001\",\"a\":null,\"n\":3,\"l\":[true]}")
        let parsed = try JSONSerialization.jsonObject(with: Data(value.render().utf8)) as? [String: Any]
        #expect(parsed?["z"] as? String == "a\"b\n\u{1}")
        let tricky = "é\u{2028}x\u{2029}\\\r\t\u{1F}€ \u{E2}"
        #expect(JSONValue.string(tricky).render() == "\"é\\u2028x\\u2029\\\\\\r\\t\\u001f€ \u{E2}\"")
        let back = try JSONSerialization.jsonObject(with: Data(JSONValue.array([.string(tricky)]).render().utf8)) as? [String]
        #expect(back == [tricky])
    }
}
