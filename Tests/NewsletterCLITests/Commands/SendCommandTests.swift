import Foundation
import TestProcesses
import Testing

@Suite(.enabled(if: BuiltBinary.available, "build the newsletter executable first"))
struct SendCommandTests {
    func tempDir(subscribers: Int) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("send-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var csv = "email,name\n"
        for i in 0..<subscribers { csv += "p\(i)@example.net,P \(i)\n" }
        try Data(csv.utf8).write(to: dir.appendingPathComponent("people.csv"))
        _ = try CLIRunner.run(["subscribers", "import", "people.csv", "--confirmed"], in: dir)
        return dir
    }

    func outboxCount(_ dir: URL) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("Outbox/new").path).count) ?? 0
    }

    @Test func weeklyDryRunAndTestCopies() throws {
        let dir = try tempDir(subscribers: 3)
        let monday = ["NEWSLETTER_NOW": "2026-11-23T08:00:00Z"]
        let dry = try CLIRunner.run(["send", "--weekly", "--dry-run"], environment: monday, in: dir)
        #expect(dry.stdout == "Dry run: \"Harbor Light Counseling: \u{201C}Just Calm Down\u{201D} & Other Things Not to Say to Someone With Anxiety\" with 1 post would go to 3 confirmed subscribers; nothing was sent.\n")
        #expect(outboxCount(dir) == 0)
        let test = try CLIRunner.run(["send", "--weekly", "--test-to", "me@example.org"], environment: monday, in: dir)
        #expect(test.stdout.hasPrefix("Sent a test copy of \"[TEST] Harbor Light Counseling:"))
        #expect(outboxCount(dir) == 1)
        let first = try CLIRunner.run(["send", "--weekly"], environment: monday, in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Sent 3, bounced 0, failed 0, deferred 0, skipped 0"))
        #expect(outboxCount(dir) == 4)
        // The same ISO week: nothing more, even with a new post published on Thursday.
        let again = try CLIRunner.run(["send", "--weekly"], environment: ["NEWSLETTER_NOW": "2026-11-27T08:00:00Z"], in: dir)
        #expect(again.stdout == "The digest for 2026-W48 went out already (issue 2026-11-23); nothing to do.\n")
        // The next week: only the post not sent yet.
        let next = try CLIRunner.run(["send", "--weekly"], environment: ["NEWSLETTER_NOW": "2026-11-30T08:00:00Z"], in: dir)
        #expect(next.stdout.contains("Sending \"Harbor Light Counseling: A Gentle Guide to Holiday Stress\" (issue 2026-11-30, 1 post) to 3 confirmed subscribers"))
        let nothing = try CLIRunner.run(["send", "--weekly"], environment: ["NEWSLETTER_NOW": "2026-12-07T08:00:00Z"], in: dir)
        #expect(nothing.stdout == "No new posts since the last digest; nothing to send.\n")
        #expect(outboxCount(dir) == 7)
    }

    @Test func aBounceAddressGivesEachCopyItsOwnVERPSender() throws {
        let dir = try tempDir(subscribers: 3)
        let env = ["NEWSLETTER_NOW": "2026-11-27T09:00:00Z", "NEWSLETTER_BOUNCE_ADDRESS": "bounces@harborlightclinic.example"]
        let sent = try CLIRunner.run(["send", "--since", "30d"], environment: env, in: dir)
        #expect(sent.status == 0, "\(sent.stderr)")
        let folder = dir.appendingPathComponent("Outbox/new")
        let senders = try FileManager.default.contentsOfDirectory(atPath: folder.path).map { name in
            try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8).components(separatedBy: "\r\n")[0]
        }
        #expect(senders.count == 3 && Set(senders).count == 3)
        #expect(senders.allSatisfy { $0.hasPrefix("Return-Path: <bounces+") && $0.hasSuffix(".2026-11-27@harborlightclinic.example>") == false
            && $0.hasSuffix("@harborlightclinic.example>") && $0.contains(".2026-11-27.") }, "\(senders)")
        let bad = try CLIRunner.run(["send", "--since", "30d"], environment: ["NEWSLETTER_BOUNCE_ADDRESS": "bounces+x@harborlightclinic.example"], in: dir)
        #expect(bad.status == 1)
        #expect(bad.stderr == "error: NEWSLETTER_BOUNCE_ADDRESS must be a bare address without a '+' (VERP adds '+TAG'), such as bounces@clinic.example, not 'bounces+x@harborlightclinic.example'.\n")
    }

    @Test func aSecondSendAtOnceLeavesWithoutSending() throws {
        let dir = try tempDir(subscribers: 1)
        let lock = dir.appendingPathComponent("Subscribers/newsletter.sqlite.send.lock").path
        // Hold the lock the way a running send does.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = [lock, "sleep", "5"]
        try holder.run()
        #expect(Poll.until(seconds: 10) { Poll.isLocked(lock) }, "flock never took the lock")
        let r = try CLIRunner.run(["send", "--since", "30d"], environment: ["NEWSLETTER_NOW": "2026-11-27T09:00:00Z"], in: dir)
        kill(holder.processIdentifier, SIGKILL)
        Poll.exit(of: holder)
        #expect(r.status == 0)
        #expect(r.stdout == "A send is already running (lock Subscribers/newsletter.sqlite.send.lock); this one leaves without sending.\n")
        #expect(outboxCount(dir) == 0)
    }

    /// Issue 29: a copy is `unknown` only when it may have been delivered. An outbox that
    /// cannot be written delivers nothing (root ignores modes, so its tmp/ is made a file).
    @Test func anUnwritableOutboxStopsTheSendAndTheRerunSendsEveryone() throws {
        let dir = try tempDir(subscribers: 5)
        let env = ["NEWSLETTER_NOW": "2026-11-27T09:00:00Z"]
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("Outbox"), withIntermediateDirectories: true)
        try Data("not a folder".utf8).write(to: dir.appendingPathComponent("Outbox/tmp"))
        let failed = try CLIRunner.run(["send", "--since", "30d"], environment: env, in: dir)
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("error: The outbox ") && failed.stderr.contains("cannot be written to (NEWSLETTER_OUTBOX)."), "\(failed.stderr)")
        #expect(outboxCount(dir) == 0)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("Outbox/tmp"))
        let rerun = try CLIRunner.run(["send", "--since", "30d"], environment: env, in: dir)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("Sent 5, bounced 0, failed 0, deferred 0"), "\(rerun.stdout)")
        #expect(!rerun.stdout.contains("unknown") && !rerun.stderr.contains("unknown"), "\(rerun.stdout)\(rerun.stderr)")
        #expect(outboxCount(dir) == 5)
        let report = try CLIRunner.run(["report", "--json"], environment: env, in: dir)
        #expect(report.stdout.contains("\"delivered\": 5") || report.stdout.contains("\"delivered\":5"), "\(report.stdout)")
    }

    @Test func cronWrapperLogsQuietlyAndSpeaksUpOnFailure() throws {
        let dir = try tempDir(subscribers: 1)
        let home = dir.appendingPathComponent("install")
        try FileManager.default.createDirectory(at: home.appendingPathComponent("cron"), withIntermediateDirectories: true)
        let wrapper = home.appendingPathComponent("cron/run.sh")
        try FileManager.default.copyItem(at: CLIRunner.packageRoot.appendingPathComponent("cron/run.sh"), to: wrapper)
        try Data("NEWSLETTER_NOW=2026-11-27T09:00:00Z\nNEWSLETTER_BIN=\(CLIRunner.binary.path)\n".utf8).write(to: home.appendingPathComponent("newsletter.env"))
        func run(_ args: [String]) throws -> (Int32, String) {
            let p = Process()
            p.executableURL = wrapper
            p.arguments = args
            let out = home.appendingPathComponent("cron-out.txt")
            _ = FileManager.default.createFile(atPath: out.path, contents: nil)
            p.standardOutput = try FileHandle(forWritingTo: out)
            p.standardError = p.standardOutput
            try p.run()
            Poll.exit(of: p)
            return (p.terminationStatus, try String(contentsOf: out, encoding: .utf8))
        }
        let ok = try run(["posts", "--limit", "1"])
        #expect(ok.0 == 0 && ok.1.isEmpty)
        let bad = try run(["posts", "--feed", "missing.xml"])
        #expect(bad.0 == 1)
        #expect(bad.1.contains("newsletter posts --feed missing.xml failed with exit status 1"))
        #expect(bad.1.contains("error: The feed file missing.xml cannot be read: no such file."))
        let logs = try FileManager.default.contentsOfDirectory(atPath: home.appendingPathComponent("logs").path).filter { $0.hasSuffix(".log") }
        #expect(logs.count == 1)
    }
}
