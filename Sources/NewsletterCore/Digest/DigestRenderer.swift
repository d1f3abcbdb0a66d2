import Foundation

/// Renders digests from templates (the core of the composer: no I/O).
public struct DigestRenderer: Sendable {
    public var templates: TemplateSet
    public var shareTargets: [ShareTarget]
    /// The same settings `newsletter share` uses (X's `via`, the Mastodon instance, UTM tags).
    public var shareSettings: ShareSettings
    /// With click tracking on, the blog's links go through `/r/…` (`ClickLinks`).
    public var clickLinks: ClickLinks?
    /// Gmail clips messages whose HTML passes about 102 KB.
    public static let clipThreshold = 102 * 1024

    public init(templates: TemplateSet, shareTargets: [ShareTarget] = ShareTarget.digestDefaults, shareSettings: ShareSettings = ShareSettings(),
                clickLinks: ClickLinks? = nil) {
        self.clickLinks = clickLinks
        self.templates = templates
        self.shareTargets = shareTargets
        self.shareSettings = shareSettings
    }

    /// The weekly digest: every post's summary (`Templates/digest.*`).
    public func render(_ digest: Digest) -> RenderedDigest {
        var frame = Frame(digest, campaign: "digest-" + digest.issueID, clickLinks: clickLinks)
        var posts = digest.posts.enumerated().map { i, post in item(post, index: i, count: digest.posts.count, frame: &frame) }
        // The text part lists each post's share links too, numbered after the posts' own.
        for i in posts.indices { posts[i].share = Self.numbered(posts[i].share, frame: &frame) }
        let count = digest.posts.count
        let intro = count == 1 ? "Here is the newest post from our blog." : "Here are the \(count) newest posts from our blog."
        var model = frame.model(intro: intro, preheader: digest.posts.first.map { Self.preheader($0.summary) } ?? intro, firstTitle: digest.posts.first?.title ?? "")
        model.posts = posts
        return finish(&model, frame: frame, template: "digest")
    }

    /// One post in full as its own email (`Templates/announcement.*`): its content made
    /// ready for email, and as plain text with numbered links.
    public func renderAnnouncement(_ digest: Digest) -> RenderedDigest {
        var frame = Frame(digest, campaign: "post-" + digest.issueID, clickLinks: clickLinks)
        guard let post = digest.posts.first else { return render(digest) }
        let message = MarkdownMessage.isMessage(post)
        var item = item(post, index: 0, count: 1, frame: &frame, links: !message)
        item.fromBlog = !message
        let content = post.contentHTML.map { EmailContent.prepare($0, link: frame.link) }
            ?? "<p>" + HTMLEscape.text(post.summary) + "</p>"
        item.content = content
        item.contentText = HTMLText.plainText(content) { frame.reference($0) }
        // Share links are numbered after the content's, in the order the text shows them.
        item.share = Self.numbered(item.share, frame: &frame)
        // The featured image only when the content shows none of its own.
        if content.contains("<img") { item.image = nil }
        let intro = message ? "A message from \(frame.identity.name)." : "A new post from our blog, in full."
        var model = frame.model(intro: intro, preheader: Self.preheader(post.summary), firstTitle: post.title)
        model.post = item
        return finish(&model, frame: frame, template: "announcement")
    }

    /// Share links with their numbers in the plain text's list of links.
    static func numbered(_ share: [EmailModel.ShareLink], frame: inout Frame) -> [EmailModel.ShareLink] {
        share.map { link in
            var numbered = link
            numbered.ref = frame.reference(link.url)
            return numbered
        }
    }

    /// What every email of an issue shares: its identity, campaign tags and link references.
    struct Frame {
        let identity: NewsletterIdentity
        let issueID: String
        let date: Date
        let utm: UTM
        let clickLinks: ClickLinks?
        /// The blog's own hosts: their links get campaign tags; links to other sites stay.
        var hosts = Set<String>()
        var references: [EmailModel.Reference] = []
        let browserURL: String

        init(_ digest: Digest, campaign: String, clickLinks: ClickLinks?) {
            self.clickLinks = clickLinks
            identity = digest.identity
            issueID = digest.issueID
            date = digest.date
            utm = UTM(source: "newsletter", medium: "email", campaign: campaign)
            if let blog = identity.blogURL, let authority = URLResolver.split(blog).authority { hosts.insert(UTM.host(authority)) }
            browserURL = identity.baseURL + "/archive/" + digest.issueID
        }

        /// A link as the email carries it: the blog's own get campaign tags and, with click
        /// tracking on, go through `/r/…`; links to other sites stay as they are.
        func link(_ url: String) -> String {
            let tagged = utm.tag(url, hosts: hosts)
            guard let clickLinks, UTM.isWebLink(url, on: hosts) else { return tagged }
            return clickLinks.wrap(tagged, issue: issueID)
        }

        /// The number of `url` in the plain text's list of links.
        mutating func reference(_ url: String) -> Int {
            references.append(EmailModel.Reference(number: references.count + 1, url: url))
            return references.count
        }

        mutating func model(intro: String, preheader: String, firstTitle: String) -> EmailModel.Issue {
            let browserRef = reference(browserURL)
            let preferencesRef = reference(PersonalizedText.marker(.preferencesURL))
            let unsubscribeRef = reference(PersonalizedText.marker(.unsubscribeURL))
            var newsletter = EmailModel.Newsletter(identity: identity, blog: nil)
            if let blog = identity.blogURL { newsletter.blog = (link(blog), reference(link(blog))) }
            return EmailModel.Issue(newsletter: newsletter, issueID: issueID, date: DigestRenderer.longDate(date), firstTitle: firstTitle, intro: intro,
                                    preheader: preheader, browserURL: browserURL, browserRef: browserRef, preferencesRef: preferencesRef,
                                    unsubscribeRef: unsubscribeRef)
        }
    }

    /// A post's template values: its tagged link, date, summary and share links.
    /// - Parameter links: false for a message: no link to the blog, no share links.
    func item(_ post: Post, index: Int, count: Int, frame: inout Frame, links withLinks: Bool = true) -> EmailModel.Item {
        let url = withLinks ? (post.url ?? frame.identity.blogURL).map { frame.link($0) } ?? frame.browserURL : frame.browserURL
        // The same links as `newsletter share` makes for this post.
        let sharePost = SharePost(post, fallbackURL: frame.identity.blogURL.map { frame.utm.tag($0, hosts: frame.hosts) } ?? frame.browserURL)
        let links = withLinks ? shareTargets.compactMap { target in target.link(for: sharePost, settings: shareSettings).map { (target.label, $0) } } : []
        let ref = withLinks ? frame.reference(url) : 0
        let share = links.enumerated().map { j, link in EmailModel.ShareLink(label: link.0, url: link.1, last: j == links.count - 1) }
        return EmailModel.Item(title: post.title.isEmpty ? "New post" : post.title, url: url, date: post.date.map(Self.longDate) ?? "",
                               summary: post.summary, share: share, first: index == 0, last: index == count - 1, ref: ref, author: post.author,
                               categories: post.categories.isEmpty ? nil : post.categories.prefix(3).joined(separator: ", "), image: post.image)
    }

    /// Renders `template`'s subject, HTML and text (wrapped at 72 columns).
    func finish(_ model: inout EmailModel.Issue, frame: Frame, template: String) -> RenderedDigest {
        model.references = frame.references
        let subject = HeaderEncoding.sanitize(HTMLText.collapseWhitespace(templates.render(model, template: template + ".subject")))
        model.subject = subject
        let html = templates.render(model, template: template + ".html")
        let text = TextWrapper.wrap(templates.render(model, template: template + ".txt"), width: 72)
        var warnings: [String] = []
        if html.utf8.count > Self.clipThreshold {
            warnings.append("the HTML part is \(html.utf8.count / 1024) KB; Gmail clips messages over 102 KB, so readers will see \"[Message clipped]\"")
        }
        return RenderedDigest(subject: subject, html: PersonalizedText(rendered: html), text: PersonalizedText(rendered: text),
                              preheader: model.preheader, warnings: warnings)
    }

    static func preheader(_ summary: String) -> String {
        HTMLText.excerpt(HTMLText.collapseWhitespace(summary), limit: 110)
    }

    /// `November 26, 2026`, in UTC.
    public static func longDate(_ date: Date) -> String {
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        let c = UTCFormat.parts(date)
        return "\(months[c.month - 1]) \(c.day), \(c.year)"
    }
}
