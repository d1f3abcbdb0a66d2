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

    @Test func defaultTemplatesMatchTheTemplatesFolder() throws {
        for name in DigestTemplates.fileNames {
            let path = Corpus.packageRoot.appendingPathComponent("Templates/" + name).path
            let onDisk = try #require(FileManager.default.contents(atPath: path), "Templates/\(name) is missing")
            #expect(String(decoding: onDisk, as: UTF8.self).trimmingCharacters(in: .newlines) == DigestTemplates.defaultText(of: name),
                    "Templates/\(name) changed; run Scripts/embed-templates.py")
        }
    }
}
