import Foundation
import NewsletterCore
import Testing

/// Issue 30: the plain-text part says what the HTML part says (content, not layout), and
/// neither hides text from screen readers or spam filters.
@Suite struct TextPartTests {
    static let crisis = "If you are in crisis, call or text 988 or your local emergency number."

    /// Text with its line wrapping undone, for comparing words across line breaks.
    static func unwrapped(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: " ").split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    @Test func theDigestTextCarriesEveryPostsWordsCategoriesShareLinksAndTheCrisisLine() throws {
        let digest = try DigestFixture.digest()
        let rendered = try DigestFixture.rendered()
        let text = Self.unwrapped(rendered.text.rendered)
        let html = rendered.html.rendered
        #expect(digest.posts.count >= 2)
        for post in digest.posts {
            #expect(text.contains(post.title), "\(post.title)")
            if let author = post.author { #expect(text.contains(author)) }
            let categories = post.categories.prefix(3).joined(separator: ", ")
            #expect(text.contains(categories) && html.contains(HTMLEscape.text(categories)), "\(categories)")
        }
        // Six share links a post in both parts, and the sentence a mental-health list must keep.
        for label in ["Facebook", "X", "LinkedIn", "Reddit", "WhatsApp"] {
            #expect(text.components(separatedBy: " \(label) [").count - 1 == digest.posts.count, "\(label)")
        }
        #expect(text.contains(Self.crisis) && Self.unwrapped(html).contains(Self.crisis))
        #expect(text.contains("More on our blog ["))
        // Every numbered reference in the text is listed at its end.
        let listed = rendered.text.rendered.components(separatedBy: "\nLinks:\n").last ?? ""
        let highest = listed.components(separatedBy: "\n").compactMap { line in line.hasPrefix("[") ? Int(line.dropFirst().prefix { $0 != "]" }) : nil }.max() ?? 0
        #expect(highest == listed.components(separatedBy: "\n").filter { $0.hasPrefix("[") }.count && highest > digest.posts.count * 6)
    }

    @Test func theAnnouncementTextKeepsTheCrisisLine() throws {
        let digest = try DigestFixture.digest()
        let one = NewsletterCore.Digest(issueID: "post-1", date: DigestFixture.now, posts: [digest.posts[0]], identity: DigestFixture.identity)
        let rendered = DigestRenderer(templates: try TemplateSet()).renderAnnouncement(one)
        #expect(Self.unwrapped(rendered.text.rendered).contains(Self.crisis))
        #expect(Self.unwrapped(rendered.html.rendered).contains(Self.crisis))
        #expect(Self.unwrapped(rendered.text.rendered).contains(digest.posts[0].categories.prefix(3).joined(separator: ", ")))
    }

    /// Webmail clients drop `<html>`: the content wrapper carries `lang` and `dir` itself.
    @Test func languageAndDirectionStandOnTheContent() throws {
        var identity = DigestFixture.identity
        identity.language = "he"
        #expect(identity.direction == "rtl" && DigestFixture.identity.direction == "ltr")
        let digest = try DigestFixture.digest()
        let renderer = DigestRenderer(templates: try TemplateSet())
        let hebrew = NewsletterCore.Digest(issueID: digest.issueID, date: digest.date, posts: digest.posts, identity: identity)
        for html in [renderer.render(hebrew).html.rendered, renderer.renderAnnouncement(hebrew).html.rendered] {
            #expect(html.contains("<html lang=\"he\" dir=\"rtl\""))
            #expect(html.contains("<table role=\"presentation\" class=\"nl-bg\" lang=\"he\" dir=\"rtl\""))
        }
        let english = try DigestFixture.rendered().html.rendered
        #expect(english.contains("class=\"nl-bg\" lang=\"en\" dir=\"ltr\""))
        for kind in [TransactionalEmail.Kind.confirm, .welcome] {
            let message = TransactionalEmail(identity: identity, templates: try TemplateSet())
                .message(kind, to: Recipient(email: "sam@example.com", name: nil), actionURL: "https://news.example/x", envelope: DigestFixture.envelope)
            let text = String(decoding: message.render(), as: UTF8.self).replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=3D", with: "=")
            #expect(text.contains("<table role=\"presentation\" class=\"nl-bg\" lang=\"he\" dir=\"rtl\""), "\(kind)")
        }
    }

    /// Issue 30, items 6 and 8: a post's headings in the newsletter's type below its title, and
    /// images that read well when blocked: alt text styled like the text, never the title again.
    @Test func postHeadingsAndImagesLookLikeTheNewsletter() throws {
        let html = EmailContent.prepare("<h2 style=\"font-size:40px\" class=\"big\">Plan ahead</h2><h4>Small</h4><img src=\"https://b.example/a.jpg\"><img src=\"https://b.example/b.jpg\" alt=\"A table set for a family dinner\">",
                                        link: { $0 })
        #expect(html.contains("<h2 class=\"nl-text\" style=\"margin:24px 0 8px 0;font-family:Georgia,") && html.contains("serif;font-size:20px;line-height:26px;font-weight:normal"), "\(html)")
        #expect(!html.contains("40px") && !html.contains("big") && html.contains("<h4 class=\"nl-text\"") && html.contains("font-weight:bold"))
        #expect(html.contains("<img src=\"https://b.example/a.jpg\" alt=\"\""))
        #expect(html.contains("alt=\"A table set for a family dinner\""))
        #expect(html.components(separatedBy: "font-family:Helvetica,Arial,sans-serif;font-size:15px").count - 1 == 2)
        let digest = try DigestFixture.rendered().html.rendered
        let featured = try #require(digest.components(separatedBy: "<img ").dropFirst().first)
        #expect(featured.contains("alt=\"\"") && featured.contains("color:#5f6f6e"), "\(featured.prefix(300))")
    }

    @Test func linksHaveDistinctNamesAndNothingIsHiddenButThePreheader() throws {
        let digest = try DigestFixture.digest()
        let html = try DigestFixture.rendered().html.rendered
        // One display:none (the preheader), hidden the way clients honour, not by colour.
        #expect(html.components(separatedBy: "display:none").count - 1 == 1)
        #expect(html.contains("<div style=\"display:none;max-height:0;overflow:hidden;mso-hide:all;\">"))
        #expect(!html.contains("opacity:0"))
        // Each "Read the article" link is named by its post: as many distinct names as posts.
        let names = html.components(separatedBy: "aria-label=\"Read the article: ").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(names.count == digest.posts.count && Set(names).count == digest.posts.count, "\(names)")
        #expect(names.first.map { HTMLEscape.text(digest.posts[0].title).hasPrefix($0.prefix(10)) } == true, "\(names)")
    }
}
