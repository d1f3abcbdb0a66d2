import Crypto
import Foundation

/// The use case "read the mailbox and act on each report": every waiting message is
/// fetched, parsed and processed, then marked (or, in a dry run or on an error, left where
/// it was, so that nothing is lost). What happens to each is told through `report`, for
/// the CLI (and later the console) to say in its own words.
public struct InboxRun: Sendable {
    /// What became of one message.
    public enum Event: Sendable {
        /// Processed (or, in a dry run, decided) and marked.
        case processed(id: String, report: InboundReport, result: InboxProcessor.Result)
        /// Not read or not mail: left in the mailbox, with one sentence on why.
        case left(id: String, report: InboundReport, problem: String)
    }

    let processor: InboxProcessor
    let dryRun: Bool
    let now: Date

    public init(processor: InboxProcessor, dryRun: Bool, now: Date) {
        self.processor = processor
        self.dryRun = dryRun
        self.now = now
    }

    /// Works through the mailbox; how many messages were left unread. An error processing a
    /// report (the store) stops the run after leaving that message in place.
    public func run(_ mailbox: any Mailbox, report: (Event) -> Void) async throws -> Int {
        var left = 0
        for id in try await mailbox.waiting() {
            do {
                let bytes = try await mailbox.fetch(id)
                let message = MailPart.parse(bytes)
                let parsed = ReportParser.parse(message)
                // A message with no header fields is not mail.
                guard !message.headers.isEmpty else {
                    left += 1
                    try await mailbox.leave(id)
                    report(.left(id: id, report: parsed, problem: "\(mailbox.description): message \(id) is not an email (no header fields); it was left where it is."))
                    continue
                }
                let result: InboxProcessor.Result
                do {
                    result = try await processor.process(parsed, key: Self.key(bytes), dryRun: dryRun, now: now)
                } catch {
                    try? await mailbox.leave(id)
                    throw error
                }
                if dryRun { try await mailbox.leave(id) } else { try await mailbox.markProcessed(id) }
                report(.processed(id: id, report: parsed, result: result))
            } catch let error as MailboxError {
                left += 1
                report(.left(id: id, report: InboundReport(kind: .other), problem: error.description))
            }
        }
        try await mailbox.close()
        return left
    }

    /// One message read from stdin (`inbox -`): processed, nothing to mark.
    public func run(message bytes: [UInt8]) async throws -> (InboundReport, InboxProcessor.Result) {
        let parsed = ReportParser.parse(bytes)
        return (parsed, try await processor.process(parsed, key: Self.key(bytes), dryRun: dryRun, now: now))
    }

    /// What identifies a message without a Message-ID: the SHA-256 of its bytes.
    public static func key(_ bytes: [UInt8]) -> String {
        "sha256:" + SHA256.hash(data: bytes).lowercaseHex
    }
}
