import ArgumentParser
import Foundation
import NewsletterCore
import NewsletterDelivery

/// `newsletter inbox [process] [SOURCE] [--dry-run] [--json]`.
struct InboxProcess: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Read the mailbox and act on each bounce, complaint and unsubscribe request (the default).",
        discussion: """
        A hard bounce makes the address bounced; soft bounces count toward \
        NEWSLETTER_SOFT_BOUNCE_LIMIT (default 3, on different issues within 30 days); a \
        complaint makes it complained; a mailed unsubscribe request unsubscribes it. A report \
        read twice changes nothing the second time. Processed messages are marked (Maildir: \
        cur/ with the S flag; IMAP: \\Seen; POP3: deleted after the change is committed).

        Example (crontab, every 15 minutes):
          */15 * * * *  cd /srv/newsletter && newsletter inbox
        """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A Maildir path, imap[s]://user@host/MAILBOX, pop3[s]://user@host, or '-' for one message on stdin (default: NEWSLETTER_INBOX).")
    var source: String?
    @Flag(help: "Read and decide, but change nothing and mark nothing.") var dryRun = false
    @Flag(help: "Print JSON (one object per message).") var json = false
    @Option(help: ArgumentHelp("Write the run's figures (messages, bounces, complaints, unsubscribes; duration) to FILE for node_exporter's textfile collector.",
                               valueName: "file"))
    var metricsFile: String?

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            guard let source = source ?? env.settings.inbox else {
                throw CLIError("No mailbox to read: give SOURCE or set \(SettingKey.inbox) (a Maildir path, imaps://user@host/INBOX or pop3s://user@host).")
            }
            let inbox = InboxRun(processor: try env.inboxProcessor(), dryRun: dryRun, now: env.now)
            var outputs: [JSONValue] = []
            var failures = 0
            let started = Date()
            var counts: [String: Int] = [:]
            func show(_ file: String, _ report: InboundReport, _ result: InboxProcessor.Result?, _ error: String?) {
                counts["messages", default: 0] += 1
                if let result, !result.duplicate { counts[result.action.rawValue, default: 0] += 1 }
                if json { outputs.append(InboxOutput.json(file: file, result: result, report: report, error: error)) }
                else if let error { console.warning(error) }
                else { console.print(InboxOutput.line(file: file, result: result, report: report)) }
            }
            if source == "-" {
                let (report, result) = try await inbox.run(message: [UInt8](FileHandle.standardInput.readDataToEndOfFile()))
                show("-", report, result, nil)
            } else {
                failures = try await inbox.run(try env.mailbox(source)) { event in
                    switch event {
                    case .processed(let id, let report, let result): show(id, report, result, nil)
                    case .left(let id, let report, let problem): show(id, report, nil, problem)
                    }
                }
            }
            if json { console.print(JSONValue.array(outputs).render()) }
            if let metricsFile {
                let gauge = { (name: String, help: String, value: Int) in MetricsFile.Gauge(name: "newsletter_inbox_" + name, help: help, value: Double(value)) }
                try MetricsFile.write([
                    gauge("messages", "Messages the last newsletter inbox read.", counts["messages"] ?? 0),
                    gauge("bounces", "Bounces that changed a subscriber (hard or counted soft).", (counts["bounced"] ?? 0) + (counts["soft-bounce"] ?? 0)),
                    gauge("complaints", "Complaints that changed a subscriber.", counts["complained"] ?? 0),
                    gauge("unsubscribes", "Mailed unsubscribe requests honoured.", counts["unsubscribed"] ?? 0),
                    gauge("left", "Messages that could not be read and were left in the mailbox.", failures),
                    .init(name: "newsletter_inbox_duration_seconds", help: "How long the last newsletter inbox ran.", value: (Date().timeIntervalSince(started) * 1000).rounded() / 1000),
                    .init(name: "newsletter_inbox_last_run_timestamp_seconds", help: "When the last newsletter inbox ended (Unix time).", value: Date().timeIntervalSince1970.rounded()),
                ], to: metricsFile)
            }
            if failures > 0 { throw CLIError("\(failures) message(s) could not be read and were left in the mailbox.") }
        }
    }
}
