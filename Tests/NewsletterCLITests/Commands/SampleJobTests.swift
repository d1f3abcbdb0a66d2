import Foundation
import NewsletterCore
import TestProcesses
import Testing

/// README command 1 (`Scripts/run-sample.sh`) on the built binary, in a copy of the
/// repository's layout, at dates the sample blog was not written for.
@Suite(.enabled(if: BuiltBinary.available, "build the newsletter executable first"))
struct SampleJobTests {
    /// A folder laid out like the repository: the script and the sample subscribers.
    func checkout() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sample-\(UUID().uuidString)")
        for folder in ["Scripts", "Subscribers"] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for file in ["Scripts/run-sample.sh", "Subscribers/example.csv"] {
            try FileManager.default.copyItem(at: CLIRunner.packageRoot.appendingPathComponent(file), to: dir.appendingPathComponent(file))
        }
        return dir
    }

    /// Runs the script with the built binary, the given clock (nil: the real one) and a
    /// stray setting in the environment that the embedded defaults must not see.
    func runSample(in dir: URL, now: String?) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [dir.appendingPathComponent("Scripts/run-sample.sh").path]
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NEWSLETTER_BIN": CLIRunner.binary.path,
                   "NEWSLETTER_FEED": "/nonexistent/feed.xml"]
        if let now { env["NEWSLETTER_NOW"] = now }
        p.environment = env
        p.currentDirectoryURL = FileManager.default.temporaryDirectory
        let out = dir.appendingPathComponent("run-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = p.standardOutput
        p.standardInput = FileHandle.nullDevice
        try p.run()
        Poll.exit(of: p, seconds: 120)
        return (p.terminationStatus, try String(contentsOf: out, encoding: .utf8))
    }

    func outbox(_ dir: URL) throws -> [String] {
        let folder = dir.appendingPathComponent("Outbox/new")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(names.allSatisfy { $0.hasSuffix(".eml") }, "\(names)")
        return try names.map {
            try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)
        }
    }

    @Test(arguments: [nil, "2031-06-05T09:00:00Z", "2036-12-31T23:59:59Z", "2026-12-03T14:00:01Z"])
    func deliversTheSampleDigestOnAnyDateAndAgain(now: String?) throws {
        let dir = try checkout()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try runSample(in: dir, now: now)
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("Imported 2 new subscribers"), "\(first.output)")
        #expect(first.output.contains("Sent 2, bounced 0, failed 0"), "\(first.output)")
        #expect(first.output.contains("The outbox holds 2 emails"), "\(first.output)")
        let emails = try outbox(dir)
        #expect(emails.count == 2)
        // A real digest of the sample blog, dated the day it was sent.
        let year = now.map { String($0.prefix(4)) } ?? String(ISO8601DateFormatter().string(from: Date()).prefix(4))
        for email in emails {
            #expect(email.contains("\r\nSubject: Harbor Light Counseling: "), "\(email.prefix(600))")
            #expect(email.contains("\r\nDate: ") && email.contains(" \(year) "), "\(email.prefix(600))")
            #expect(email.contains("holiday-stress-survival-guide"))
        }
        let second = try runSample(in: dir, now: now)
        #expect(second.status == 0, "\(second.output)")
        #expect(second.output.contains("0 new subscribers") && second.output.contains("2 already on the list"), "\(second.output)")
        #expect(second.output.contains("No new posts since the last digest; nothing to send."), "\(second.output)")
        #expect(second.output.contains("The outbox holds 2 emails"), "\(second.output)")
        #expect(try outbox(dir).count == 2)
    }

    @Test func weeksLaterOnlyPostsNotSentBeforeGoOut() throws {
        let dir = try checkout()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try runSample(in: dir, now: "2031-06-05T09:00:00Z").status == 0)
        #expect(Set(try outbox(dir).compactMap(Self.subject)) == ["Harbor Light Counseling: A Gentle Guide to Holiday Stress"])
        // Each later week the sample's dates have moved on, but its posts keep their ids: the
        // holiday post is never new again, and a later digest carries only posts not sent
        // (an older one the week's grace now reaches), each once to each reader.
        for now in ["2031-06-12T09:00:00Z", "2031-06-19T09:00:00Z", "2031-07-31T09:00:00Z"] {
            let later = try runSample(in: dir, now: now)
            #expect(later.status == 0, "\(later.output)")
            #expect(!later.output.contains("Holiday Stress"), "\(later.output)")
            let emails = try outbox(dir)
            let subjects = emails.compactMap(Self.subject)
            #expect(subjects.count == emails.count)
            #expect(Dictionary(grouping: subjects) { $0 }.values.allSatisfy { $0.count == 2 }, "\(subjects)")
        }
        #expect(try outbox(dir).count > 2)
    }

    /// An email's Subject, unfolded (the sample's titles are ASCII but for quotes).
    static func subject(_ email: String) -> String? {
        guard let line = email.components(separatedBy: "\r\n\r\n")[0].replacingOccurrences(of: "\r\n ", with: " ")
            .components(separatedBy: "\r\n").first(where: { $0.hasPrefix("Subject: ") }) else { return nil }
        return String(line.dropFirst("Subject: ".count))
    }

    @Test func anEmptiedOutboxIsExplainedNotListed() throws {
        let dir = try checkout()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try runSample(in: dir, now: "2031-06-05T09:00:00Z").status == 0)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("Outbox"))
        let again = try runSample(in: dir, now: "2031-06-05T10:00:00Z")
        #expect(again.status == 1)
        #expect(again.output.contains("error: Outbox/new holds no email"), "\(again.output)")
    }
}
