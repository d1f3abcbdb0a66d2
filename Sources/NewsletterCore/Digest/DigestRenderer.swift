import Foundation

/// Renders digests from templates (the core of the composer: no I/O).
public struct DigestRenderer: Sendable {
    public var templates: DigestTemplates
    public var shareTargets: [ShareTarget]
    /// The same settings `newsletter share` uses (X's `via`, the Mastodon instance, UTM tags).
    public var shareSettings: ShareSettings
    /// Gmail clips messages whose HTML passes about 102 KB.
    public static let clipThreshold = 102 * 1024

    public init(templates: DigestTemplates, shareTargets: [ShareTarget] = ShareTarget.digestDefaults, shareSettings: ShareSettings = ShareSettings()) {
        self.templates = templates
        self.shareTargets = shareTargets
        self.shareSettings = shareSettings
    }

    public func render(_ digest: Digest) -> RenderedDigest {
        let identity = digest.identity
        let utm = UTM(source: "newsletter", medium: "email", campaign: "digest-" + digest.issueID)
        // The blog's own links get campaign tags; links to other sites stay as they are.
        var hosts = Set<String>()
        if let blog = identity.blogURL, let authority = URLResolver.split(blog).authority { hosts.insert(UTM.host(authority)) }

        var references: [[String: Any]] = []
        func reference(_ url: String) -> Int {
            references.append(["number": references.count + 1, "url": url])
            return references.count
        }
        let browserURL = identity.baseURL + "/archive/" + digest.issueID
        var posts: [[String: Any]] = []
        for (i, post) in digest.posts.enumerated() {
            let url = (post.url ?? identity.blogURL).map { utm.tag($0, hosts: hosts) } ?? browserURL
            // The same links as `newsletter share` makes for this post.
            let sharePost = SharePost(post, fallbackURL: url)
            let links = shareTargets.compactMap { target in target.link(for: sharePost, settings: shareSettings).map { (target.label, $0) } }
            let share = links.enumerated().map { j, link -> [String: Any] in
                ["label": link.0, "url": link.1, "last": j == links.count - 1]
            }
            var item: [String: Any] = [
                "title": post.title.isEmpty ? "New post" : post.title,
                "url": url,
                "date": post.date.map(Self.longDate) ?? "",
                "summary": post.summary,
                "summary_paragraphs": post.summary.components(separatedBy: "\n\n").filter { !$0.isEmpty },
                "share": share,
                "first": i == 0,
                "last": i == digest.posts.count - 1,
                "ref": reference(url),
            ]
            if let author = post.author { item["author"] = author }
            if !post.categories.isEmpty { item["categories"] = post.categories.prefix(3).joined(separator: ", ") }
            if let image = post.image {
                item["image"] = image
                item["image_alt"] = post.title
            }
            posts.append(item)
        }
        let browserRef = reference(browserURL)
        let unsubscribeRef = reference(PersonalizedText.marker(.unsubscribeURL))

        let count = digest.posts.count
        let intro = count == 1 ? "Here is the newest post from our blog." : "Here are the \(count) newest posts from our blog."
        let preheader = digest.posts.first.map { HTMLText.excerpt(HTMLText.collapseWhitespace($0.summary), limit: 110) } ?? intro
        var newsletter: [String: Any] = [
            "name": identity.name,
            "language": identity.language,
            "postal_address": identity.postalAddress,
            "base_url": identity.baseURL,
        ]
        if let blog = identity.blogURL { newsletter["blog_url"] = utm.tag(blog, hosts: hosts) }
        let firstTitle = digest.posts.first?.title ?? ""
        var context: [String: Any] = [
            "newsletter": newsletter,
            "issue": ["id": digest.issueID, "date": Self.longDate(digest.date)],
            "posts": posts,
            "post_count": count,
            "single": count == 1,
            "first_title": firstTitle,
            "more_count": max(0, count - 1),
            "intro": intro,
            "preheader": preheader,
            "view_in_browser_url": browserURL,
            "unsubscribe_url": PersonalizedText.marker(.unsubscribeURL),
            "subscriber": [
                "greeting_name": PersonalizedText.marker(.greetingName),
                "email": PersonalizedText.marker(.email),
            ],
            "references": references,
            "browser_ref": browserRef,
            "unsubscribe_ref": unsubscribeRef,
        ]
        let subject = HeaderEncoding.sanitize(HTMLText.collapseWhitespace(templates.render(context, template: "digest.subject")))
        context["subject"] = subject
        let html = templates.render(context, template: "digest.html")
        let text = TextWrapper.wrap(templates.render(context, template: "digest.txt"), width: 72)
        var warnings: [String] = []
        if html.utf8.count > Self.clipThreshold {
            warnings.append("the HTML part is \(html.utf8.count / 1024) KB; Gmail clips messages over 102 KB, so readers will see \"[Message clipped]\"")
        }
        return RenderedDigest(subject: subject, html: PersonalizedText(rendered: html), text: PersonalizedText(rendered: text),
                              preheader: preheader, warnings: warnings)
    }

    /// `November 26, 2026`, in UTC.
    public static func longDate(_ date: Date) -> String {
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return "\(months[(c.month ?? 1) - 1]) \(c.day ?? 1), \(c.year ?? 1970)"
    }
}
