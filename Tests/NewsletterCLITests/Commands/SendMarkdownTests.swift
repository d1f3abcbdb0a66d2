import Foundation
import TestProcesses
import Testing

/// `newsletter send --markdown FILE --subject S`: an announcement that is not a blog post,
/// through the same ledger (once per reader, archived, resumable).
@Suite(.enabled(if: BuiltBinary.available, "build the newsletter executable first"))
struct SendMarkdownTests {
    let now = ["NEWSLETTER_NOW": "2026-12-20T09:00:00Z"]

    func dir(subscribers: Int, each: Int = 0) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("markdown-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var csv = "email,name\n"
        for i in 0..<subscribers { csv += "p\(i)@example.net,P \(i)\n" }
        try Data(csv.utf8).write(to: dir.appendingPathComponent("people.csv"))
        _ = try CLIRunner.run(["subscribers", "import", "people.csv", "--confirmed"], in: dir)
        for i in 0..<each { _ = try CLIRunner.run(["subscribers", "set", "p\(i)@example.net", "--cadence", "each"], in: dir) }
        try Data("# Holiday hours\n\nWe are **closed** December 24-26.\n\n- call or text 988\n- [our crisis page](https://www.harborlightclinic.example/crisis/)\n".utf8)
            .write(to: dir.appendingPathComponent("closure.md"))
        return dir
    }

    func outbox(_ dir: URL) -> [String] {
        let folder = dir.appendingPathComponent("Outbox/new")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted().compactMap {
            try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)
        }
    }

    @Test func aMarkdownAnnouncementGoesToItsAudienceOnce() throws {
        let dir = try dir(subscribers: 5, each: 2)
        let test = try CLIRunner.run(["send", "--markdown", "closure.md", "--subject", "Closed for the holidays", "--test-to", "me@example.org"],
                                     environment: now, in: dir)
        #expect(test.status == 0 && test.stdout.hasPrefix("Sent a test copy of \"[TEST] Harbor Light Counseling: Closed for the holidays\""), "\(test.stderr)")
        let each = try CLIRunner.run(["send", "--markdown", "closure.md", "--subject", "Closed for the holidays", "--audience", "each"], environment: now, in: dir)
        #expect(each.stdout.contains("to 2 subscribers who want every post") && each.stdout.contains("Sent 2,"), "\(each.stdout)\(each.stderr)")
        let all = try CLIRunner.run(["send", "--markdown", "closure.md", "--subject", "Closed for the holidays"], environment: now, in: dir)
        #expect(all.stdout.contains("to 3 confirmed subscribers") && all.stdout.contains("Sent 3,"), "\(all.stdout)")
        let again = try CLIRunner.run(["send", "--markdown", "closure.md", "--subject", "Closed for the holidays"], environment: now, in: dir)
        #expect(again.stdout == "\"Closed for the holidays\" was announced already, and every confirmed subscriber it is for has it; nothing to send.\n")
        let copies = outbox(dir)
        #expect(copies.count == 6)
        let recipients = copies.dropFirst().compactMap { $0.components(separatedBy: "\r\n").first { $0.hasPrefix("To: ") } }
        #expect(Set(recipients).count == 5)
        let copy = try #require(copies.last)
        #expect(copy.contains("Subject: Harbor Light Counseling: Closed for the holidays\r\n"))
        #expect(copy.contains("List-Unsubscribe: <http://127.0.0.1:8080/unsubscribe/") && copy.contains("<strong>closed</strong>") && !copy.contains("Read it on the blog"))
        // Archived like any issue.
        #expect(try CLIRunner.run(["report", "--json"], environment: now, in: dir).stdout.contains("Closed for the holidays"))
    }

    @Test func badFilesAndFlagsAreOneSentence() throws {
        let dir = try dir(subscribers: 1)
        try Data().write(to: dir.appendingPathComponent("empty.md"))
        try Data([0x66, 0xFF, 0xFE]).write(to: dir.appendingPathComponent("binary.md"))
        for (arguments, message) in [
            (["--markdown", "missing.md", "--subject", "S"], "error: The Markdown file missing.md cannot be read:"),
            (["--markdown", "empty.md", "--subject", "S"], "error: empty.md: The message is empty."),
            (["--markdown", "binary.md", "--subject", "S"], "error: The Markdown file binary.md is not UTF-8 text."),
            (["--markdown", "closure.md", "--subject", "  "], "error: closure.md: The subject is empty."),
        ] {
            let result = try CLIRunner.run(["send"] + arguments, environment: now, in: dir)
            #expect(result.status == 1 && result.stderr.hasPrefix(message) && result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
        for arguments in [["--markdown", "closure.md"], ["--subject", "S"], ["--markdown", "closure.md", "--subject", "S", "--weekly"],
                          ["--markdown", "closure.md", "--subject", "S", "--audience", "monthly"]] {
            #expect(try CLIRunner.run(["send"] + arguments, environment: now, in: dir).status == 64, "\(arguments)")
        }
        #expect(outbox(dir).isEmpty)
        let nobody = try CLIRunner.run(["send", "--markdown", "closure.md", "--subject", "S", "--audience", "each"], environment: now, in: dir)
        #expect(nobody.stdout == "No subscribers who want every post would get it; nothing was sent.\n")
        #expect(!(try CLIRunner.run(["report", "--json"], environment: now, in: dir).stdout.contains("2026-12-20")))
    }

    @Test func aScheduledMessageGoesOutWithTheFirstSendAfterItsTime() throws {
        let dir = try dir(subscribers: 3)
        let record = try CLIRunner.run(["send", "--markdown", "closure.md", "--subject", "Closed for the holidays", "--at", "2026-12-23T17:00"],
                                       environment: now, in: dir)
        #expect(record.stdout == "\"Closed for the holidays\" will go out with the first newsletter send after 2026-12-23T17:00:00Z (message 1).\n", "\(record.stderr)")
        let early = try CLIRunner.run(["send", "--approved"], environment: ["NEWSLETTER_NOW": "2026-12-23T16:59:00Z"], in: dir)
        #expect(early.stdout.isEmpty && outbox(dir).isEmpty)
        // Whatever the send is for, the message whose time came goes first.
        let due = try CLIRunner.run(["send", "--new-posts"], environment: ["NEWSLETTER_NOW": "2026-12-23T18:00:00+01:00"], in: dir)
        #expect(due.stdout.hasPrefix("Sending \"Closed for the holidays\", scheduled for 2026-12-23T17:00:00Z.\nAnnouncing"), "\(due.stdout)")
        #expect(outbox(dir).count == 3)
        let after = try CLIRunner.run(["send", "--approved"], environment: ["NEWSLETTER_NOW": "2026-12-24T09:00:00Z"], in: dir)
        #expect(after.stdout.isEmpty && outbox(dir).count == 3)
        for (at, problem) in [("tomorrow", "--at takes a time such as 2026-12-24T09:00"), ("2026-13-01T09:00", "--at takes a time")] {
            let bad = try CLIRunner.run(["send", "--markdown", "closure.md", "--subject", "S", "--at", at], environment: now, in: dir)
            #expect(bad.status == 64 && bad.stderr.contains(problem), "\(at): \(bad.stderr)")
        }
        #expect(try CLIRunner.run(["send", "--weekly", "--at", "2026-12-24T09:00"], environment: now, in: dir).status == 64)
    }
}
