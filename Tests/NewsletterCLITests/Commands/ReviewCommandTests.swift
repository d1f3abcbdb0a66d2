import Foundation
import TestProcesses
import Testing

/// `NEWSLETTER_REVIEW=required` from cron's side: the weekly digest waits as a draft,
/// cron run again changes nothing, and nothing reaches readers until an editor approves.
@Suite(.enabled(if: BuiltBinary.available, "build the newsletter executable first"))
struct ReviewCommandTests {
    @Test func theWeeklyDigestWaitsAsADraftAndExpiresUnsent() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("review-\(UUID().uuidString)")
        let env = ["NEWSLETTER_REVIEW": "required", "NEWSLETTER_NOW": "2026-11-27T09:00:00Z"]
        _ = try CLIRunner.run(["subscribers", "add", "reader@example.org", "--confirmed"], in: dir)
        _ = try CLIRunner.run(["admin", "add", "editor@clinic.example"], in: dir)
        let first = try CLIRunner.run(["send", "--weekly"], environment: env, in: dir)
        #expect(first.status == 0 && first.stdout.contains("waits for an editor's approval in the console (draft 1, until 2026-11-30T09:00:00Z)"), "\(first.stdout)\(first.stderr)")
        // The editor has not set up yet: nobody to tell.
        #expect(first.stdout.contains("no editor to tell yet"))
        let again = try CLIRunner.run(["send", "--weekly"], environment: env, in: dir)
        #expect(again.stdout.contains("still waits for an editor's approval (draft 1"))
        let none = try CLIRunner.run(["send", "--approved"], environment: env, in: dir)
        #expect(none.status == 0 && none.stdout.isEmpty, "\(none.stdout)")
        let late = try CLIRunner.run(["send", "--approved"], environment: ["NEWSLETTER_REVIEW": "required", "NEWSLETTER_NOW": "2026-12-01T09:00:00Z"], in: dir)
        #expect(late.stdout.contains("was not approved by 2026-11-30T09:00:00Z; it is left unsent."), "\(late.stdout)")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("Outbox/new").path))?.isEmpty ?? true)
        let bad = try CLIRunner.run(["send", "--weekly"], environment: ["NEWSLETTER_REVIEW": "maybe"], in: dir)
        #expect(bad.status == 1 && bad.stderr == "error: NEWSLETTER_REVIEW must be off or required, not 'maybe'.\n")
        // Without review the same week's digest goes straight out.
        let direct = try CLIRunner.run(["send", "--weekly"], environment: ["NEWSLETTER_NOW": "2026-12-03T09:00:00Z"], in: dir)
        #expect(direct.stdout.contains("to 1 confirmed subscriber"), "\(direct.stdout)")
    }
}
