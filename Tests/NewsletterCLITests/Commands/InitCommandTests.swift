import Foundation
import TestProcesses
import Testing

@Suite(.enabled(if: BuiltBinary.available, "build the newsletter executable first"))
struct InitCommandTests {
    @Test func initCreatesWhatIsMissingAndNeverOverwrites() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("init-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("Templates"), withIntermediateDirectories: true)
        let mine = "{{% CONTENT_TYPE: TEXT}}My own subject\n"
        try Data(mine.utf8).write(to: dir.appendingPathComponent("Templates/digest.subject.mustache"))
        let first = try CLIRunner.run(["init"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("  newsletter.toml"))
        #expect(first.stdout.contains("  Templates/digest.html.mustache"))
        #expect(first.stdout.contains("  Subscribers/newsletter.sqlite"))
        #expect(first.stdout.contains("  Subscribers/secret.key (mode 0600)"))
        #expect(!first.stdout.contains("digest.subject.mustache"))
        #expect(try String(contentsOf: dir.appendingPathComponent("Templates/digest.subject.mustache"), encoding: .utf8) == mine)
        let second = try CLIRunner.run(["init"], in: dir)
        #expect(second.stdout.hasPrefix("Nothing to create."))
        // The starter config parses, and the user's subject template is used.
        let preview = try CLIRunner.run(["preview", "--since", "30d", "--out", "p"], environment: ["NEWSLETTER_NOW": "2026-11-27T09:00:00Z"], in: dir)
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(preview.stdout.hasPrefix("Rendered \"My own subject\""))
    }

    /// Issue 30: making a key needs none of the signing settings it is about to create; the
    /// domain alone gives the records for that domain, and signing still needs all three.
    @Test func dkimGenerateWorksWithOnlyTheDomainSet() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dkim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let env = ["NEWSLETTER_DKIM_DOMAIN": "clinic.example", "NEWSLETTER_NOW": "2026-11-27T09:00:00Z"]
        let made = try CLIRunner.run(["dkim", "generate", "--selector", "s1"], environment: env, in: dir)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("s1._domainkey.clinic.example"), "\(made.stdout)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("Subscribers/dkim-s1.pem").path))
        let send = try CLIRunner.run(["preview", "--since", "30d", "--out", "p"], environment: env, in: dir)
        #expect(send.status == 1)
        #expect(send.stderr.contains("DKIM signing needs NEWSLETTER_DKIM_DOMAIN, NEWSLETTER_DKIM_SELECTOR and NEWSLETTER_DKIM_KEY together; only 1 of them is set."), "\(send.stderr)")
    }
}
