import Foundation
import NewsletterCore
import Testing

/// Golden files for the rendered digest; `NEWSLETTER_RECORD_GOLDEN=1` writes them anew.
@Suite struct DigestGoldenTests {
    static let folder = Corpus.packageRoot.appendingPathComponent("Tests/NewsletterCoreTests/Golden")
    static let recording = ProcessInfo.processInfo.environment["NEWSLETTER_RECORD_GOLDEN"] != nil

    func compare(_ bytes: [UInt8], to name: String) throws {
        let url = Self.folder.appendingPathComponent(name)
        if Self.recording {
            try Data(bytes).write(to: url)
            return
        }
        let expected = try #require(FileManager.default.contents(atPath: url.path), "missing golden file \(name); record with NEWSLETTER_RECORD_GOLDEN=1")
        #expect(String(decoding: expected, as: UTF8.self) == String(decoding: bytes, as: UTF8.self), "\(name) differs from the golden file; if the change is intended, record with NEWSLETTER_RECORD_GOLDEN=1")
    }

    @Test func htmlTextAndEmlMatchTheGoldenFiles() throws {
        let message = try DigestFixture.message(to: Recipient(email: "sam@example.com", name: "Sam Reader"))
        guard case .multipart(_, _, let parts) = message.body, case .text(_, let text) = parts[0], case .text(_, let html) = parts[1] else {
            Issue.record("not multipart/alternative")
            return
        }
        try compare(Array(html.utf8), to: "digest.html")
        try compare(Array(text.utf8), to: "digest.txt")
        try compare(message.render(), to: "digest.eml")
    }

    /// One post in full: the IOP post, whose content has a relative link and an image.
    @Test func announcementsMatchTheGoldenFiles() throws {
        let feed = try FeedParser.parse(Data(SampleBlog.feedXML.utf8), source: "sample", url: SampleBlog.feedURL).feed
        let post = try #require(feed.posts.first { $0.title.hasPrefix("Can IOPs") })
        let composer = IssueComposer(identity: DigestFixture.identity, templates: try TemplateSet(), secret: DigestFixture.secret,
                                     envelope: { _, _ in DigestFixture.envelope })
        let composed = composer.composeAnnouncement(issueID: "2026-11-27", date: DigestFixture.now, post: post)
        #expect(composed.subject == "Harbor Light Counseling: Can IOPs Help You Regain Control Over Your Mental Health Journey?")
        let message = composed.message(for: Recipient(email: "sam@example.com", name: "Sam Reader"), date: DigestFixture.now, preEncoded: false)
        guard case .multipart(_, _, let parts) = message.body, case .text(_, let text) = parts[0], case .text(_, let html) = parts[1] else {
            Issue.record("not multipart/alternative")
            return
        }
        try compare(Array(html.utf8), to: "announcement.html")
        try compare(Array(text.utf8), to: "announcement.txt")
        try compare(try composed.bytes(for: Recipient(email: "sam@example.com", name: "Sam Reader"), date: DigestFixture.now), to: "announcement.eml")
        // The content's relative link is absolute and tagged, and numbered in the text.
        let program = "https://www.harborlightclinic.example/programs/iop/?utm_source=newsletter&utm_medium=email&utm_campaign=post-2026-11-27"
        #expect(html.contains("href=\"\(program.replacingOccurrences(of: "&", with: "&amp;"))\""))
        let number = try #require(text.split(separator: "\n").first { $0.hasSuffix(" " + program) }?.split(separator: " ").first)
        #expect(text.contains("Read more about the program \(number)"), "\(text)")
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 72 || $0.hasPrefix("[") }, "\(text)")
        // Every image fits the 600-pixel layout and has an alt attribute (empty when the
        // author gave none: decorative, never the title again).
        for tag in html.components(separatedBy: "<img").dropFirst() {
            #expect(tag.contains("width=\"536\"") || tag.contains("width=\"5") == false, "\(tag.prefix(200))")
            #expect(tag.contains(" alt=\""), "\(tag.prefix(200))")
        }
        #expect(html.contains("/preferences/") && text.contains("/preferences/"))
    }

    @Test func defaultTemplatesMatchTheTemplatesFolder() throws {
        for name in TemplateSet.fileNames {
            let path = Corpus.packageRoot.appendingPathComponent("Templates/" + name).path
            let onDisk = try #require(FileManager.default.contents(atPath: path), "Templates/\(name) is missing")
            #expect(String(decoding: onDisk, as: UTF8.self).trimmingCharacters(in: .newlines) == TemplateSet.defaultText(of: name),
                    "Templates/\(name) changed; run Scripts/embed-templates.py")
        }
    }
}
