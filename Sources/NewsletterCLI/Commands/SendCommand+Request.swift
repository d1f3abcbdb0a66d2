import ArgumentParser
import Foundation
import NewsletterCore

extension SendCommand {
    func validate() throws {
        let modes = [since != nil || weekly, post != nil || latest, newPosts, join, markdown != nil, approved].filter { $0 }.count
        if modes > 1 { throw ValidationError("Choose one of a digest (--since, --weekly), an announcement (--post, --latest), --new-posts, --markdown, --approved and --join.") }
        if (markdown == nil) != (subject == nil) { throw ValidationError("--markdown and --subject go together: a Markdown file and its subject.") }
        if let at {
            guard markdown != nil else { throw ValidationError("--at schedules a --markdown announcement; other sends run when cron runs them.") }
            guard Self.time(at) != nil else { throw ValidationError("--at takes a time such as 2026-12-24T09:00 (UTC) or 2026-12-24T09:00+01:00, not '\(at)'.") }
        }
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
    func request(now: Date, review: Bool = false) throws -> SendIssue.Request {
        let mode: SendIssue.Mode = if join { .join } else if approved { .approved } else if newPosts { .newPosts } else if latest { .announce(.latest) }
            else if let post { .announce(.post(post)) } else if let markdown { .message(try markdownMessage(markdown)) }
            else { .digest(since: since.flatMap { TimeSpec.parse($0, now: now) }, weekly: weekly) }
        return SendIssue.Request(mode: mode, dryRun: dryRun, testTo: testTo, review: review, at: at.flatMap(Self.time))
    }

    /// `--at`: a date and time, UTC unless it carries an offset (seconds optional).
    static func time(_ text: String) -> Date? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let date = FeedDate.parseISO8601(t) { return date }
        let hasOffset = t.hasSuffix("Z") || t.range(of: #"[+-]\d\d:?\d\d$"#, options: .regularExpression) != nil
        guard !hasOffset else { return nil }
        return FeedDate.parseISO8601(t + (t.count == 16 ? ":00Z" : "Z"))
    }

    /// The Markdown file as a message, or one sentence on what is wrong with it.
    func markdownMessage(_ path: String) throws -> MarkdownMessage {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CLIError("The Markdown file \(path) cannot be read: \((error as NSError).localizedDescription).")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError("The Markdown file \(path) is not UTF-8 text.") }
        let message = MarkdownMessage(subject: subject ?? "", markdown: text, cadence: audience.cadence)
        if let problem = message.problem { throw CLIError("\(path): \(problem)") }
        return message
    }
}

/// `--audience` of `send --markdown`.
enum MessageAudience: String, ExpressibleByArgument, CaseIterable {
    case all, weekly, each

    var cadence: Cadence? {
        switch self {
        case .all: nil
        case .weekly: .weekly
        case .each: .each
        }
    }
}
