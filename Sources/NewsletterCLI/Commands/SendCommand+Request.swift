import ArgumentParser
import Foundation
import NewsletterCore

extension SendCommand {
    func validate() throws {
        let modes = [since != nil || weekly, post != nil || latest, newPosts, join].filter { $0 }.count
        if modes > 1 { throw ValidationError("Choose one of a digest (--since, --weekly), an announcement (--post, --latest), --new-posts and --join.") }
        if join && (dryRun || testTo != nil) { throw ValidationError("--join sends the unfinished issue; it takes neither --dry-run nor --test-to.") }
        if since != nil && weekly { throw ValidationError("--since and --weekly cannot be used together.") }
        if post != nil && latest { throw ValidationError("--post and --latest cannot be used together.") }
        if newPosts && testTo != nil { throw ValidationError("--test-to sends one issue; use it with --post or --latest to try an announcement.") }
        if let since, TimeSpec.parse(since, now: Date()) == nil {
            throw ValidationError("--since takes a duration such as 7d or a date such as 2026-11-01; '\(since)' is neither.")
        }
        if concurrency < 1 || concurrency > 64 { throw ValidationError("--concurrency must be between 1 and 64, not \(concurrency).") }
        if let rate, rate <= 0 { throw ValidationError("--rate must be a positive number of messages per second.") }
        if let testTo, EmailAddress.parse(testTo) == nil { throw ValidationError("--test-to must be an email address, not '\(testTo)'.") }
    }

    /// What the flags ask of the send use case.
    func request(now: Date) -> SendIssue.Request {
        let mode: SendIssue.Mode = if join { .join } else if newPosts { .newPosts } else if latest { .announce(.latest) }
            else if let post { .announce(.post(post)) } else { .digest(since: since.flatMap { TimeSpec.parse($0, now: now) }, weekly: weekly) }
        return SendIssue.Request(mode: mode, dryRun: dryRun, testTo: testTo)
    }
}
