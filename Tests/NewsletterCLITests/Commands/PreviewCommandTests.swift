import Foundation
import NewsletterCore
import TestProcesses
import Testing

@Suite(.enabled(if: BuiltBinary.available, "build the newsletter executable first"))
struct PreviewCommandTests {
    func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("preview-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func writesHTMLTextAndASignedEml() throws {
        let dir = try tempDir()
        try Data(DKIMKey.ed25519PEM().utf8).write(to: dir.appendingPathComponent("dkim.pem"))
        let r = try CLIRunner.run(["preview", "--since", "21d", "--out", "out", "--subscriber", "Zoë <zoe@example.com>"], environment: [
            "NEWSLETTER_NOW": "2026-11-27T09:00:00Z",
            "NEWSLETTER_DKIM_DOMAIN": "harborlightclinic.example", "NEWSLETTER_DKIM_SELECTOR": "nl", "NEWSLETTER_DKIM_KEY": "dkim.pem",
        ], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("with 3 posts"))
        let html = try String(contentsOf: dir.appendingPathComponent("out/digest.html"), encoding: .utf8)
        let text = try String(contentsOf: dir.appendingPathComponent("out/digest.txt"), encoding: .utf8)
        let eml = try String(contentsOf: dir.appendingPathComponent("out/digest.eml"), encoding: .utf8)
        #expect(html.contains("Hi Zoë,"))
        #expect(text.contains("This copy was sent to zoe@example.com."))
        #expect(eml.hasPrefix("DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=harborlightclinic.example; s=nl;"))
        let attributes = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("Subscribers/secret.key").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func aBareAddressInTheStoreIsGreetedByItsStoredName() throws {
        let dir = try tempDir()
        let env = ["NEWSLETTER_NOW": "2026-11-27T09:00:00Z"]
        _ = try CLIRunner.run(["subscribers", "add", "rita@example.org", "--name", "Rita Moreno", "--confirmed"], environment: env, in: dir)
        let r = try CLIRunner.run(["preview", "--since", "21d", "--out", "out", "--subscriber", "rita@example.org"], environment: env, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOf: dir.appendingPathComponent("out/digest.html"), encoding: .utf8).contains("Hi Rita,"))
        let stranger = try CLIRunner.run(["preview", "--since", "21d", "--out", "out2", "--subscriber", "nobody@example.org"], environment: env, in: dir)
        #expect(try String(contentsOf: dir.appendingPathComponent("out2/digest.html"), encoding: .utf8).contains("Hi there,"), "\(stranger.stderr)")
    }

    @Test func anEmptyWindowIsOneSentence() throws {
        let r = try CLIRunner.run(["preview", "--since", "1h"], environment: ["NEWSLETTER_NOW": "2026-11-29T00:00:00Z"], in: try tempDir())
        #expect(r.status == 1)
        #expect(r.stderr == "error: No posts were published since 2026-11-28T23:00:00Z; choose a wider window with --since, e.g. --since 30d.\n")
    }

    @Test func incompleteDKIMSettingsAreRefused() throws {
        let r = try CLIRunner.run(["preview", "--since", "30d"], environment: ["NEWSLETTER_NOW": "2026-11-29T00:00:00Z", "NEWSLETTER_DKIM_DOMAIN": "x.example"], in: try tempDir())
        #expect(r.status == 1)
        #expect(r.stderr.contains("DKIM signing needs NEWSLETTER_DKIM_DOMAIN, NEWSLETTER_DKIM_SELECTOR and NEWSLETTER_DKIM_KEY together; only 1 of them is set."))
    }
}
