import Foundation
import NewsletterCore
import Testing

/// Every network's link, decoded back: titles with `&`, `#`, `+`, quotes, emoji and
/// non-Latin scripts must survive exactly.
@Suite struct ShareLinkTests {
    static let titles = [
        "Anxiety & sleep: what helps? #1 + more",
        #"She said "it's fine" — it wasn't"#,
        "Self-care 🌱🧘‍♀️ for 👩🏽‍⚕️ clinicians",
        "Тревога и сон · 不安と睡眠 · القلق والنوم · चिंता",
        "100% + 50% = ?",
    ]
    static let url = "https://www.harborlightclinic.example/blog/anxiety-sleep/?a=1&b=two#top"

    /// The query of a link, decoded strictly (a `+` stays a plus).
    static func query(_ link: String) -> [String: String] {
        guard let q = link.split(separator: "?", maxSplits: 1).dropFirst().first else { return [:] }
        var out: [String: String] = [:]
        for pair in q.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            out[String(kv[0])] = String(kv[1]).removingPercentEncoding
        }
        return out
    }

    /// Only unreserved characters and the link's own `?`, `&`, `=`, `%` are left unencoded.
    static func isStrict(_ link: String) -> Bool {
        guard let q = link.split(separator: "?", maxSplits: 1).dropFirst().first else { return false }
        return q.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-._~%&=".unicodeScalars.contains($0)) }
    }

    @Test(arguments: titles) func everyNetworkRoundTrips(title: String) throws {
        let post = SharePost(url: Self.url, title: title, summary: "A short summary & more.", hashtags: ["Sleep"], image: "https://img.example/a b.jpg")
        let settings = ShareSettings(xVia: "@harborlight", mastodonInstance: "mastodon.social")
        var expected: [String: (prefix: String, fields: [String: String])] = [
            "facebook": ("https://www.facebook.com/sharer/sharer.php?", ["u": Self.url]),
            "x": ("https://x.com/intent/tweet?", ["text": title, "url": Self.url, "hashtags": "Sleep", "via": "harborlight"]),
            "linkedin": ("https://www.linkedin.com/sharing/share-offsite/?", ["url": Self.url]),
            "reddit": ("https://www.reddit.com/submit?", ["url": Self.url, "title": title]),
            "whatsapp": ("https://wa.me/?", ["text": title + " " + Self.url]),
            "bluesky": ("https://bsky.app/intent/compose?", ["text": title + " " + Self.url]),
            "mastodon": ("https://mastodon.social/share?", ["text": title + " " + Self.url]),
            "threads": ("https://www.threads.net/intent/post?", ["text": title, "url": Self.url]),
            "telegram": ("https://t.me/share/url?", ["url": Self.url, "text": title]),
            "hackernews": ("https://news.ycombinator.com/submitlink?", ["u": Self.url, "t": title]),
            "pinterest": ("https://www.pinterest.com/pin/create/button/?", ["url": Self.url, "media": "https://img.example/a b.jpg", "description": title]),
            "email": ("mailto:?", ["subject": title, "body": "A short summary & more.\n\n" + Self.url]),
        ]
        for target in ShareTarget.all {
            let link = try #require(target.link(for: post, settings: settings), "\(target.key)")
            let removed = expected.removeValue(forKey: target.key)
            let want = try #require(removed, "no expectation for \(target.key)")
            #expect(link.hasPrefix(want.prefix), "\(target.key): \(link)")
            #expect(Self.query(link) == want.fields, "\(target.key)")
            #expect(Self.isStrict(link), "\(target.key): \(link)")
        }
        #expect(expected.isEmpty)
    }

    @Test func mastodonNeedsAnInstanceAndUnknownNetworksAreNamed() throws {
        #expect(ShareTarget.mastodon.link(url: Self.url, title: "t") == nil)
        #expect(try ShareTarget.named("twitter, facebook,HN").get().map(\.key) == ["x", "facebook", "hackernews"])
        guard case .failure(let error) = ShareTarget.named("x,myspace") else { Issue.record("accepted myspace"); return }
        #expect(error.description.hasPrefix("The network 'myspace' is not known; use any of facebook, x, linkedin"))
    }

    @Test func utmTagsPerNetworkNeverReplaceExistingOnes() throws {
        let settings = ShareSettings(utmCampaign: "new-post")
        let post = SharePost(url: "https://blog.example/p?utm_source=rss&id=3", title: "T")
        let facebook = try #require(ShareTarget.facebook.link(for: post, settings: settings))
        #expect(Self.query(facebook)["u"] == "https://blog.example/p?utm_source=rss&id=3&utm_medium=social&utm_campaign=new-post")
        let linkedin = try #require(ShareTarget.linkedin.link(for: SharePost(url: "https://blog.example/p", title: "T"), settings: settings))
        #expect(Self.query(linkedin)["url"] == "https://blog.example/p?utm_source=linkedin&utm_medium=social&utm_campaign=new-post")
    }

    @Test func xTextWeighsLikeTwitterText() {
        #expect(XText.weight("hello") == 5)
        #expect(XText.weight("café — “quoted”") == 15)
        #expect(XText.weight("不安と睡眠") == 10)
        #expect(XText.weight("🌱") == 2 && XText.weight("👩🏽‍⚕️") == 2 && XText.weight("🇨🇦") == 2)
        #expect(XText.weight(text: "hi", hashtags: ["Sleep"], via: "clinic") == 2 + 1 + 23 + 7 + 12)
    }

    @Test func longTitlesAreCutAtAWordBoundaryToFit280() throws {
        let title = String(repeating: "Breathing exercises help ", count: 20) + "the end"
        let fitted = XText.fit(title, url: Self.url, hashtags: ["Anxiety"], via: "clinic")
        #expect(fitted.hasSuffix("…") && !fitted.hasSuffix(" …"))
        #expect(XText.weight(text: fitted, hashtags: ["Anxiety"], via: "clinic") <= 280)
        #expect(title.hasPrefix(String(fitted.dropLast())) && (title.dropFirst(fitted.count - 1).first == " "))
        // Wide characters weigh 2: a CJK title is cut at about half the length.
        let cjk = String(repeating: "不安と睡眠について", count: 30)
        let cut = XText.fit(cjk, url: Self.url)
        #expect(XText.weight(text: cut, hashtags: [], via: nil) <= 280 && cut.count < 140)
        // A title with no space to cut at: the ellipsis weighs 2, and the whole still fits.
        for n in 250...300 {
            let word = String(repeating: "a", count: n)
            let fittedWord = XText.fit(word, url: Self.url)
            #expect(XText.weight(text: fittedWord, hashtags: [], via: nil) <= 280, "\(n)")
            #expect(fittedWord == word || fittedWord.hasSuffix("…"))
        }
        // A short title is untouched.
        #expect(XText.fit("Short", url: Self.url) == "Short")
        let link = try #require(ShareTarget.x.link(for: SharePost(url: Self.url, title: title, hashtags: ["Anxiety"]), settings: ShareSettings(xVia: "clinic")))
        #expect(Self.query(link)["text"] == fitted)
    }

    @Test func shareButtonsAreAccessiblePlainLinks() throws {
        let html = try TemplateSet().shareButtons(for: SharePost(url: Self.url, title: "Sleep <&> you"), targets: ShareTarget.digestDefaults, settings: ShareSettings())
        #expect(html.contains(#"aria-label="Share this post: Sleep &lt;&amp;&gt; you""#))
        #expect(html.components(separatedBy: #"rel="noopener noreferrer""#).count - 1 == ShareTarget.digestDefaults.count)
        #expect(html.contains(">Share on Facebook<") && html.contains(">Share on WhatsApp<"))
        #expect(!html.lowercased().contains("<script") && !html.contains("onclick"))
        let facebook = try #require(ShareTarget.facebook.link(url: Self.url, title: "x"))
        #expect(html.contains(#"href="\#(facebook.replacingOccurrences(of: "&", with: "&amp;"))""#) || html.contains(#"href="\#(facebook)""#))
    }
}
