import Foundation

/// The archive's Atom feed (RFC 4287): one entry per sent issue, linking its web page.
public struct ArchiveFeed: Sendable {
    /// One archived issue as the feed lists it.
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var subject: String
        public var created: Date
        public var finished: Date?

        public init(id: String, subject: String, created: Date, finished: Date?) {
            self.id = id
            self.subject = subject
            self.created = created
            self.finished = finished
        }
    }

    public var title: String
    /// The public base URL of `newsletter serve`.
    public var baseURL: String
    /// Newest first.
    public var entries: [Entry]

    public init(title: String, baseURL: String, entries: [Entry]) {
        self.title = title
        self.baseURL = baseURL
        self.entries = entries
    }

    /// The web page of one issue.
    public func url(of issueID: String) -> String { Self.url(of: issueID, baseURL: baseURL) }

    /// The web page of one issue under `baseURL`.
    public static func url(of issueID: String, baseURL: String) -> String { baseURL + "/archive/" + PercentEncoding.encode(issueID) }

    /// The feed document, UTF-8, escaped as XML text.
    public func render() -> String {
        let archive = baseURL + "/archive"
        let updated = entries.first.map { UTCFormat.iso8601($0.created) } ?? UTCFormat.iso8601(Date(timeIntervalSince1970: 0))
        var lines = [
            #"<?xml version="1.0" encoding="utf-8"?>"#,
            #"<feed xmlns="http://www.w3.org/2005/Atom">"#,
            "  <title>\(HTMLEscape.text(title))</title>",
            "  <id>\(HTMLEscape.text(archive))</id>",
            #"  <link rel="alternate" type="text/html" href="\#(HTMLEscape.text(archive))"/>"#,
            #"  <link rel="self" type="application/atom+xml" href="\#(HTMLEscape.text(archive + "/feed.xml"))"/>"#,
            "  <updated>\(updated)</updated>",
            "  <author><name>\(HTMLEscape.text(title))</name></author>",
        ]
        for entry in entries {
            let link = HTMLEscape.text(url(of: entry.id))
            lines += [
                "  <entry>",
                "    <title>\(HTMLEscape.text(entry.subject))</title>",
                "    <id>\(link)</id>",
                #"    <link rel="alternate" type="text/html" href="\#(link)"/>"#,
                "    <published>\(UTCFormat.iso8601(entry.created))</published>",
                "    <updated>\(UTCFormat.iso8601(entry.finished ?? entry.created))</updated>",
                "  </entry>",
            ]
        }
        lines.append("</feed>")
        return lines.joined(separator: "\n") + "\n"
    }
}
