import Foundation
import NewsletterCore
import TestProcesses
import Testing

/// Issue 30: SpamAssassin (Debian's rules, `-L`: no network) scores every email the
/// newsletter sends 0.0 or less: the digest signed (a real copy from `preview`, with its random
/// Message-ID) and unsigned, the announcement, the confirmation and the welcome email.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/spamassassin") || ProcessInfo.processInfo.environment["CI"] != nil,
                "needs spamassassin (Scripts/test.sh installs it)"))
struct SpamScoreTests {
    /// SpamAssassin's verdict on one message: the score and the rules that added to it.
    static func score(_ file: URL) async throws -> (score: Double, rules: [String], report: String) {
        // Perl takes seconds to start: off Swift's cooperative pool.
        let report: String = try await offPool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/spamassassin")
            process.arguments = ["-L", "-t"]
            process.standardInput = try FileHandle(forReadingFrom: file)
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        let details = report.components(separatedBy: "Content analysis details:").last ?? ""
        var rules: [String] = []
        var total = 0.0
        for line in details.components(separatedBy: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let points = Double(fields[0]), fields[1].allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }) else { continue }
            total += points
            if points > 0 { rules.append("\(fields[1]) \(points)") }
        }
        return (total, rules, report)
    }

    @Test func everyEmailScoresZeroOrLess() async throws {
        let golden = CLIRunner.packageRoot.appendingPathComponent("Tests/NewsletterCoreTests/Golden")
        var files = ["digest.eml", "announcement.eml", "confirm.eml", "welcome.eml"].map { golden.appendingPathComponent($0) }
        // A signed copy as `preview` writes it, with a random Message-ID and boundary.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spam-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(DKIMKey.ed25519PEM().utf8).write(to: dir.appendingPathComponent("dkim.pem"))
        let preview = try CLIRunner.run(["preview", "--since", "21d", "--out", "out"], environment: [
            "NEWSLETTER_NOW": "2026-11-27T09:00:00Z", "NEWSLETTER_BASE_URL": "https://news.harborlightclinic.example",
            "NEWSLETTER_DKIM_DOMAIN": "harborlightclinic.example", "NEWSLETTER_DKIM_SELECTOR": "nl", "NEWSLETTER_DKIM_KEY": "dkim.pem",
        ], in: dir)
        #expect(preview.status == 0, "\(preview.stderr)")
        files.append(dir.appendingPathComponent("out/digest.eml"))
        for file in files {
            let verdict = try await Self.score(file)
            #expect(verdict.report.contains("Content analysis details:"), "\(file.lastPathComponent): \(verdict.report.prefix(400))")
            #expect(verdict.score <= 0 && verdict.rules.isEmpty, "\(file.lastPathComponent): \(verdict.rules)")
        }
    }

    /// The check is known to work: text coloured like its background is caught.
    @Test func aLowContrastTrickIsCaught() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("spam-\(UUID().uuidString).eml")
        let html = "<html><body style=\"background:#f3efe9\"><p>Hello</p><div style=\"color:#f3efe9;background-color:#f3efe9\"><font color=\"#f3efe9\">hidden words hidden words hidden words</font></div></body></html>"
        let message = "From: a@example.com\r\nTo: b@example.com\r\nSubject: Hi\r\nDate: Fri, 27 Nov 2026 09:00:00 +0000\r\nMessage-ID: <x@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n"
        try Data(message.utf8).write(to: file)
        let verdict = try await Self.score(file)
        #expect(verdict.rules.contains { $0.hasPrefix("HTML_FONT_LOW_CONTRAST") }, "\(verdict.rules) \(verdict.report.suffix(600))")
    }
}
