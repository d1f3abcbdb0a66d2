import Crypto
import Foundation
import NewsletterCore
import Testing

/// Click tracking's signed links, and which links of an issue go through them.
struct ClickLinksTests {
    let secret = SymmetricKey(data: Data("click-secret".utf8))

    @Test func aSignedLinkLeadsOnlyToItsTarget() throws {
        let links = ClickLinks(baseURL: "https://news.example/", secret: secret)
        let target = "https://blog.example/a?x=1&utm_campaign=digest-2026-11-27#top"
        let wrapped = links.wrap(target, issue: "2026-11-27")
        #expect(wrapped.hasPrefix("https://news.example/r/2026-11-27/"))
        let parts = wrapped.dropFirst("https://news.example/".count).split(separator: "/").map(String.init)
        #expect(parts.count == 4 && parts[3].count == 22)
        #expect(ClickLinks.target(issue: parts[1], link: parts[2], signature: parts[3], secret: secret) == target)
        // Another issue, another secret, a flipped character, a truncated signature: nothing.
        #expect(ClickLinks.target(issue: "2026-11-20", link: parts[2], signature: parts[3], secret: secret) == nil)
        #expect(ClickLinks.target(issue: parts[1], link: parts[2], signature: parts[3], secret: SymmetricKey(size: .bits256)) == nil)
        var flipped = Array(parts[3])
        flipped[5] = flipped[5] == "a" ? "b" : "a"
        #expect(ClickLinks.target(issue: parts[1], link: parts[2], signature: String(flipped), secret: secret) == nil)
        #expect(ClickLinks.target(issue: parts[1], link: parts[2], signature: String(parts[3].dropLast()), secret: secret) == nil)
        #expect(ClickLinks.target(issue: parts[1], link: parts[2] + "A", signature: parts[3], secret: secret) == nil)
        // An issue id with characters a path segment cannot hold is percent-encoded.
        let odd = links.wrap(target, issue: "post 1/2")
        #expect(odd.contains("/r/post%201%2F2/"))
    }

    @Test func onlyWebLinksAreWrapped() {
        let links = ClickLinks(baseURL: "https://news.example", secret: secret)
        for url in ["mailto:someone@example.org", "javascript:alert(1)", "tel:+15550100", "https://blog.example/a\r\nLocation: x",
                    "https:///nohost", "/relative", "https://blog.example/" + String(repeating: "a", count: 2_100)] {
            #expect(links.wrap(url, issue: "i") == url, "\(url)")
        }
        // Signed by us or not, a target that is not an http(s) URL is never redirected to.
        let link = Data("javascript:alert(1)".utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
        let forged = HMAC<SHA256>.authenticationCode(for: Data("click|i|\(link)".utf8), using: secret)
        let signature = String(Data(forged).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").prefix(22))
        #expect(ClickLinks.target(issue: "i", link: link, signature: signature, secret: secret) == nil)
    }

    @Test func theBlogsLinksGoThroughTrackingAndOthersDoNot() throws {
        var renderer = DigestRenderer(templates: try TemplateSet())
        renderer.clickLinks = ClickLinks(baseURL: DigestFixture.identity.baseURL, secret: secret)
        let html = renderer.render(try DigestFixture.digest()).html.rendered
        let hrefs = html.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        let tracked = hrefs.filter { $0.hasPrefix("https://news.harborlightclinic.example/r/2026-11-27/") }
        #expect(!tracked.isEmpty)
        // No blog link is left untracked; share buttons, the archive and the footer's links stay.
        #expect(!hrefs.contains { $0.hasPrefix("https://www.harborlightclinic.example/") }, "\(hrefs)")
        #expect(hrefs.contains { $0.hasPrefix("https://www.facebook.com/") })
        #expect(hrefs.contains { $0.hasPrefix("https://news.harborlightclinic.example/archive/") })
        for href in tracked {
            let parts = href.dropFirst("https://news.harborlightclinic.example/".count).split(separator: "/").map(String.init)
            let target = try #require(ClickLinks.target(issue: parts[1], link: parts[2], signature: parts[3], secret: secret))
            #expect(target.hasPrefix("https://www.harborlightclinic.example/") && target.contains("utm_campaign=digest-2026-11-27"))
        }
        // The same issue without tracking: the links go straight to the blog.
        let plain = DigestRenderer(templates: try TemplateSet()).render(try DigestFixture.digest()).html.rendered
        #expect(!plain.contains("/r/2026-11-27/"))
    }
}
