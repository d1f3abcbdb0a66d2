import Foundation
import TestProcesses
import Testing

/// Issue 30: axe-core (as PyPI's axe-selenium-python bundles it) finds no WCAG 2.0/2.1 A or
/// AA violation in any email or web page, in light and dark mode, at 600 and 320 px
/// (`Tests/PythonHelpers/axe_check.py` in headless Chromium). The files are the golden
/// files the renderer and the server are held to byte for byte by their own tests; the
/// report page is made by `newsletter report --html` in `ReportTests`, which runs the same
/// check. A deliberately bad page fails, so the check is known to work.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") || ProcessInfo.processInfo.environment["CI"] != nil,
                "needs chromium-driver (Scripts/test.sh installs it)"))
struct AccessibilityTests {
    static func check(_ files: [String]) throws -> (status: Int32, output: String) {
        try PythonScript.run("axe_check.py", files)
    }

    @Test func everyEmailHasNoViolation() throws {
        let golden = CLIRunner.packageRoot.appendingPathComponent("Tests/NewsletterCoreTests/Golden")
        let files = ["confirm.eml", "welcome.eml", "digest.eml", "announcement.eml"].map { golden.appendingPathComponent($0).path }
        let result = try Self.check(files)
        #expect(result.status == 0 && result.output.contains("16 of 16 checks clean"), "\(result.output)")
        #expect(result.output.contains("axe-core 4."), "\(result.output)")
    }

    @Test func everyWebPageHasNoViolation() throws {
        let golden = CLIRunner.packageRoot.appendingPathComponent("Tests/NewsletterServerTests/Golden")
        let pages = try FileManager.default.contentsOfDirectory(atPath: golden.path).filter { $0.hasSuffix(".html") }.sorted()
        // Sign-up (with its errors), confirm, preferences, unsubscribe, the archive, and the error pages.
        for page in ["subscribe.html", "subscribe-invalid.html", "confirm.html", "confirmed.html", "preferences.html", "unsubscribe.html",
                     "unsubscribed.html", "archive.html", "archived-issue.html", "not-found.html", "link-expired.html", "too-many.html"] {
            #expect(pages.contains(page), "no golden \(page)")
        }
        let result = try Self.check(pages.map { golden.appendingPathComponent($0).path })
        #expect(result.status == 0 && result.output.contains("\(pages.count * 4) of \(pages.count * 4) checks clean"), "\(result.output)")
    }

    @Test func aBadPageIsCaught() throws {
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).html")
        try Data("""
            <!DOCTYPE html><html><head><title>Bad</title></head><body>
            <p style="color:#bbbbbb;background:#ffffff">Pale grey text on white.</p>
            <img src="x.png"><a href="/next"></a></body></html>
            """.utf8).write(to: bad)
        let result = try Self.check([bad.path])
        #expect(result.status == 1, "\(result.output)")
        for rule in ["html-has-lang", "color-contrast", "image-alt", "link-name"] {
            #expect(result.output.contains("VIOLATION \(rule) "), "\(rule): \(result.output)")
        }
    }
}
