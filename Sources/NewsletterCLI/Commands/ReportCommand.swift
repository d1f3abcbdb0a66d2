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
            if json {
                console.print(ReportOutput.json(report).render(pretty: true))
            } else {
                console.write(ReportOutput.text(report))
                if let html { console.print("Wrote the report page to \(html).") }
            }
        }
    }
}
