import Foundation
import NewsletterCore
import NewsletterDelivery

extension Environment {
    /// How a send delivers: its concurrency, rate and whether failing checks are overridden.
    struct SendChoices {
        var concurrency = 4
        var rate: Double?
        var force = false
    }

    /// The parts of the send use case: the ledger, the feed, the composer, the offline
    /// checks, and `SendRunner` over the bulk transport as the executor.
    func sendParts(_ stores: Stores, _ choices: SendChoices, console: Console) -> SendIssue.Parts {
        let env = self
        var options = SendOptions()
        options.concurrency = choices.concurrency
        options.rate = choices.rate
        if let base = settings.retryBase { options.retryBase = base }
        if let wait = settings.retryWait { options.maxWait = wait }
        options.hourlyCap = settings.hourlyCap
        options.stopRequested = { StopSignal.shared.requested }
        let source = feedSource(flag: nil)
        let sendOptions = options
        var parts = SendIssue.Parts(
            ledger: stores.issues, feedName: source.description,
            readFeed: { try await env.readFeed(flag: nil, console: console) },
            identity: { feed in env.identity(for: feed, source: source) },
            composer: { identity in try env.composer(identity: identity) },
            failingChecks: { composed in
                let copy = try composed.bytes(for: CheckOutput.sampleRecipient(composed.identity), date: env.now)
                return env.offlineChecks(message: copy, blogURL: composed.identity.blogURL).failures
            },
            checksStop: settings.smtp != nil && !choices.force,
            deliver: { issue, composed, inFlight in
                let progress = ProgressLine(enabled: isatty(2) == 1)
                let runner = SendRunner(ledger: stores.issues, transport: env.bulkTransport(connections: choices.concurrency),
                                        journalDirectory: stores.journalDirectory, options: sendOptions,
                                        envelopeSender: try env.envelopeSender(fallback: issue.identity.from.address), clock: env.clock,
                                        progress: isatty(2) == 1 ? { @Sendable counts in progress.show(counts) } : nil)
                let summary = try await runner.run(issue: issue, composed: composed, recovered: inFlight)
                progress.finish()
                return summary
            },
            sendTest: { composed, recipient in
                let bytes = try composed.bytes(for: Recipient(email: recipient.address, name: recipient.name), date: env.now)
                let transport = env.transport()
                try await transport.send(OutgoingMessage(sender: composed.identity.from.address, recipients: [recipient.address], data: bytes))
                return transport.description
            },
            now: now)
        parts.topics = settings.topics
        parts.notifyReviewers = { draft, posts in try await env.notifyReviewers(draft, titles: posts.map(\.title), console: stores.console) }
        return parts
    }

    /// Emails every console editor and owner who has set up that a draft waits; returns who.
    func notifyReviewers(_ draft: IssueDraft, titles: [String], console: any ConsoleAccounts) async throws -> [String] {
        let editors = try await console.consoleUsers().filter { $0.role.allows(.editor) && $0.isEnrolled }
        let identity = mailIdentity()
        let transport = transport()
        let signers = try dkimSigners()
        for editor in editors {
            let bytes = try signers.sign(ReviewNotice.message(draft, titles: titles, identity: identity, to: editor.email, now: now).render(), date: now)
            try await transport.send(OutgoingMessage(sender: identity.from.address, recipients: [editor.email], data: bytes))
        }
        return editors.map(\.email)
    }
}
