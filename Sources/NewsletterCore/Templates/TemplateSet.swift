import Foundation
import Mustache

/// Every Mustache template the newsletter renders (the digest, announcements, the
/// confirmation and welcome emails, the web pages, the share buttons), the user's files
/// in `Templates/` over the defaults.
public struct TemplateSet: Sendable {
    let library: MustacheLibrary

    /// The names a template folder may hold.
    public static var fileNames: [String] { DefaultTemplates.files.keys.sorted() }

    /// The default text of one template file.
    public static func defaultText(of fileName: String) -> String? { DefaultTemplates.files[fileName] }

    /// A template that does not parse.
    public struct TemplateError: Error, CustomStringConvertible {
        public let file: String
        public let reason: String
        public var description: String { "The template \(file) cannot be used: \(reason)." }
    }

    /// Builds the set from `files` (file name → text, read from `Templates/`); a file not
    /// given uses the default. `folder` names the files in errors.
    public init(files: [String: String] = [:], folder: String = "Templates") throws {
        var library = MustacheLibrary()
        for (name, defaultText) in DefaultTemplates.files {
            let text = files[name] ?? defaultText
            do {
                library.register(try MustacheTemplate(string: text), named: String(name.dropLast(".mustache".count)))
            } catch {
                throw TemplateError(file: folder + "/" + name, reason: String(describing: error))
            }
        }
        self.library = library
    }

    func render(_ context: some MustacheParent, template: String) -> String {
        library.render(context, withTemplate: template) ?? ""
    }

    /// The share-button snippet for one post (`share-buttons.html.mustache`).
    public func shareButtons(for post: SharePost, targets: [ShareTarget], settings: ShareSettings) -> String {
        let links = targets.compactMap { target in target.link(for: post, settings: settings).map { (key: target.key, label: target.label, href: $0) } }
        return render(EmailModel.ShareButtons(title: post.title, url: post.url, links: links), template: "share-buttons.html")
    }

    /// The markers around the reader's own footer in an email's HTML (`footer.html.mustache`).
    public static let personalFooter = (start: "<!--nl:personal-->", end: "<!--/nl:personal-->")
    /// The markers around what only an email needs ("View in your browser", `header.html.mustache`).
    public static let emailOnly = (start: "<!--nl:email-only-->", end: "<!--/nl:email-only-->")

    /// An issue's HTML as a web page of the archive: the reader's footer (their address,
    /// unsubscribe, preferences, "view in your browser") replaced by an invitation to
    /// subscribe (`archive-footer.html.mustache`). HTML without the markers (issues sent
    /// before them) is returned as it is.
    public func archivePage(_ html: String, frame: PageFrame) -> String {
        var page = html
        while let start = page.range(of: Self.emailOnly.start), let end = page.range(of: Self.emailOnly.end, range: start.upperBound..<page.endIndex) {
            page.removeSubrange(start.lowerBound..<end.upperBound)
        }
        guard let start = page.range(of: Self.personalFooter.start),
              let end = page.range(of: Self.personalFooter.end, range: start.upperBound..<page.endIndex) else { return page }
        let footer = library.render(frame, withTemplate: "archive-footer.html") ?? ""
        return String(page[..<start.lowerBound]) + footer + String(page[end.upperBound...])
    }

    /// A web page: `web-<name>.html.mustache` rendered inside `web-page.html.mustache`,
    /// which gets `page_<name>` set (the page's title is chosen there, with its other words).
    public func page(_ content: PageContent, frame: PageFrame) -> String {
        var context = PageContext(content: content, frame: frame)
        context.body = library.render(context, withTemplate: "web-" + content.page.rawValue + ".html") ?? ""
        return library.render(context, withTemplate: "web-page.html") ?? ""
    }
}
