import Foundation
import Hummingbird
import NewsletterCore

extension WebApp {
    static func day(_ date: Date) -> String { UTCFormat.string(date, "d MMMM yyyy") }

    /// `GET /archive`: every sent issue, newest first.
    func archive() async throws -> Response {
        let list = try await issues.issues().map { issue in
            PageContent.ArchiveEntry(subject: issue.subject, url: ArchiveFeed.url(of: issue.id, baseURL: baseURL), date: Self.day(issue.created))
        }
        return page(.archive(list))
    }

    /// The digest as sent, with the personal parts taken out: a generic greeting, no
    /// address, and no unsubscribe token.
    func archivedIssue(_ id: String) async throws -> Response {
        guard let issue = try await issues.issue(id: id) else { return errorPage(.notFound, status: .notFound) }
        let html = PersonalizedText(rendered: issue.html).fill([
            .greetingName: Recipient(email: "").greetingName, .email: "", .unsubscribeURL: baseURL + "/subscribe", .preferencesURL: baseURL + "/subscribe",
        ], html: true)
        return Self.html(templates.archivePage(html, frame: frame))
    }

    /// `GET /archive/feed.xml`: the archive as Atom.
    func archiveFeed() async throws -> Response {
        let entries = try await issues.issues().map { ArchiveFeed.Entry(id: $0.id, subject: $0.subject, created: $0.created, finished: $0.finished) }
        let feed = ArchiveFeed(title: settings.identity.name, baseURL: baseURL, entries: entries)
        return Self.html(feed.render(), type: "application/atom+xml; charset=utf-8")
    }
}
