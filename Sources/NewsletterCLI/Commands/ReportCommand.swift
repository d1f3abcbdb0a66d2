import ArgumentParser
import Foundation
import NewsletterCore

/// `newsletter report`: what each issue did and how the list grew.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "What each issue did (delivered, bounced, complaints, unsubscribes) and the list per ISO week.",
        discussion: """
        Unsubscribes are counted for the issue whose link or one-click header was used. \\
        Clicks are counted per issue and link when NEWSLETTER_CLICK_TRACKING=aggregate \\
        (null when it is off); --json then lists each issue's links.

        Examples:
          newsletter report
          newsletter report 2026-11-27 --json
          newsletter report --html report.html
        """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Only this issue (its id, such as 2026-11-27).") var issue: String?
    @Flag(help: "Print SPEC's JSON: {\"issues\": [...], \"weeks\": [...]}.") var json = false
    @Option(help: ArgumentHelp("Also write one self-contained HTML page with charts to this file.", valueName: "file")) var html: String?

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            let stores = try env.stores()
            let report = try await IssueReport.collect(issues: stores.issues, subscribers: stores.subscribers, only: issue,
                                                       clickTracking: env.settings.clickTracking)
            if let issue, report.rows.isEmpty { throw CLIError("There is no issue \(issue); newsletter report lists them.") }
            if let html {
                try Data(ReportPage.html(report, name: env.mailIdentity().name, now: env.now).utf8).write(to: URL(fileURLWithPath: html))
            }
            // With topics: the confirmed readers who get each one.
            let topics = env.settings.topics.isEmpty ? nil
                : TopicFigures(catalog: env.settings.topics, posts: [], choices: try await stores.issues.topicChoices(.everyone, now: env.now), now: env.now)
            if json {
                var out = ReportOutput.json(report)
                if let topics, case .object(var fields) = out {
                    fields.append(("topics", .array(topics.rows.map { row in
                        .object([("key", .string(row.topic.key)), ("title", .string(row.topic.title)), ("readers", .number(Double(row.readers)))])
                    })))
                    out = .object(fields)
                }
                console.print(out.render(pretty: true))
            } else {
                console.write(ReportOutput.text(report))
                if let topics {
                    console.print("\nReaders per topic (\(topics.readersOfAll) follow every topic):")
                    for row in topics.rows { console.print("  \(row.topic.key.padding(toLength: 20, withPad: " ", startingAt: 0)) \(row.readers)  \(row.topic.title)") }
                }
                if let html { console.print("Wrote the report page to \(html).") }
            }
        }
    }
}
