import Foundation
import NewsletterCore

/// The sentences `newsletter send` prints for what the send use case does.
struct SendOutput {
    let console: Console

    func say(_ event: SendIssue.Event) {
        switch event {
        case .nothingToJoin:
            console.print("No issue is being sent; --join has nothing to help with.")
        case .joining(let issue):
            console.print("Joining the issue \(issue.id) (\"\(issue.subject)\").")
        case .resuming(let issue):
            console.print("Resuming the issue \(issue.id) (\"\(issue.subject)\") that an earlier send did not finish.")
        case .weekDone(let week, let id):
            console.print("The digest for \(week) went out already (issue \(id)); nothing to do.")
        case .noNewPosts:
            console.print("No new posts since the last digest; nothing to send.")
        case .drafted(let draft, let notified):
            let told = notified.isEmpty ? "no editor to tell yet (newsletter admin add EMAIL --role editor)" : "told " + notified.joined(separator: ", ")
            console.print("\"\(draft.subject)\" waits for an editor's approval in the console (draft \(draft.id), until \(UTCFormat.iso8601(draft.expires))); \(told).")
        case .awaitingReview(let draft):
            console.print("\"\(draft.subject)\" still waits for an editor's approval (draft \(draft.id), until \(UTCFormat.iso8601(draft.expires))); nothing was sent.")
        case .draftExpired(let draft):
            console.print("\"\(draft.subject)\" was not approved by \(UTCFormat.iso8601(draft.expires)); it is left unsent.")
        case .draftDropped(let draft):
            console.print("\"\(draft.subject)\" was dropped by \(draft.decidedBy ?? "an editor"); nothing was sent.")
        case .approvedSent(let draft):
            console.print("\"\(draft.subject)\", approved by \(draft.decidedBy ?? "an editor"), went out as issue \(draft.issueID ?? "?").")
        case .scheduled(let scheduled):
            console.print("\"\(scheduled.message.subject)\" will go out with the first newsletter send after \(UTCFormat.iso8601(scheduled.at)) (message \(scheduled.id)).")
        case .sendingScheduled(let scheduled):
            console.print("Sending \"\(scheduled.message.subject)\", scheduled for \(UTCFormat.iso8601(scheduled.at)).")
        case .noNewPostToAnnounce:
            console.print("No new post to announce (none of the last 2 days is unannounced).")
        case .renderWarning(let warning):
            console.warning(warning)
        case .feedUnreadable(let problem):
            console.warning("the feed could not be read (\(problem)); the message goes out with the name and links of the settings")
        case .checkFailed(let failure, let stops):
            let line = "\(failure.id): \(failure.message) Fix: \(failure.fix)"
            if stops { console.error(line) } else { console.warning(line) }
        case .testSent(let subject, let to, let via):
            console.print("Sent a test copy of \"\(subject)\" to \(to) through \(via); the ledger is unchanged.")
        case .dryRunDigest(let subject, let posts, let readers):
            console.print("Dry run: \"\(subject)\" with \(posts) post\(posts == 1 ? "" : "s") would go to \(readers) confirmed subscriber\(readers == 1 ? "" : "s"); nothing was sent.")
        case .dryRunAnnouncement(let subject, let readers, let audience):
            console.print("Dry run: \"\(subject)\" would go to \(readers) \(Self.readers(audience, readers)); nothing was sent.")
        case .noReaders(let audience):
            console.print("No \(Self.readers(audience, 2)) would get it; nothing was sent.")
        case .announcedAlready(let title, let audience):
            console.print("\"\(title)\" was announced already, and every \(Self.readers(audience, 1)) it is for has it; nothing to send.")
        case .recordedElsewhere(let id):
            console.print("Another sender recorded the issue \(id) at the same moment; this one joins it.")
        case .sentAlready(let id):
            console.print("The issue \(id) went out already; nothing to do.")
        case .sendingDigest(let subject, let id, let posts, let copies):
            console.print("Sending \"\(subject)\" (issue \(id), \(posts) post\(posts == 1 ? "" : "s")) to \(copies) confirmed subscriber\(copies == 1 ? "" : "s").")
        case .announcing(let subject, let id, let copies, let audience):
            console.print("Announcing \"\(subject)\" (issue \(id)) to \(copies) \(Self.readers(audience, copies)).")
        case .inFlight(let addresses):
            console.warning("\(addresses.count) cop\(addresses.count == 1 ? "y was" : "ies were") in flight when the earlier send stopped; they may have arrived and are not sent again: \(addresses.joined(separator: ", "))")
        case .delivered(let summary):
            delivered(summary)
        }
    }

    private func delivered(_ summary: SendSummary) {
        let rate = summary.seconds > 0 ? Double(summary.sent) / summary.seconds : 0
        // Formatted by hand: String(format:) would load ICU's locale data at the end of every send.
        let tenths = Int((summary.seconds * 10).rounded())
        console.print("Sent \(summary.sent), bounced \(summary.bounced), failed \(summary.failed), deferred \(summary.deferred), skipped \(summary.inFlight.count) "
            + "(in flight earlier) in \(tenths / 10).\(tenths % 10) s (\(Int(rate.rounded())) messages/s).")
        if summary.deferred > 0 {
            console.print("\(summary.deferred) deferred cop\(summary.deferred == 1 ? "y is" : "ies are") left for the next run of newsletter send.")
        }
    }

    private static func readers(_ audience: IssueAudience, _ n: Int) -> String {
        switch audience.cadence {
        case .each?: n == 1 ? "subscriber who wants every post" : "subscribers who want every post"
        case .weekly?: n == 1 ? "subscriber who gets the weekly digest" : "subscribers who get the weekly digest"
        case nil: n == 1 ? "confirmed subscriber" : "confirmed subscribers"
        }
    }
}
