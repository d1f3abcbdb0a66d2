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
        Clicks are null: click tracking is not offered yet.

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
            var issues = try await stores.issues.issues()
            if let issue {
                issues = issues.filter { $0.id == issue }
                guard !issues.isEmpty else { throw CLIError("There is no issue \(issue); newsletter report lists them.") }
            }
            let unsubscribes = try await stores.subscribers.unsubscribesByIssue()
            var rows: [(IssueRecord, IssueStats)] = []
            for record in issues {
                var stats = try await stores.issues.stats(issueID: record.id)
                stats.unsubscribes = unsubscribes[record.id] ?? 0
                rows.append((record, stats))
            }
            let weeks = WeekStats.weeks(from: try await stores.subscribers.statusChangesByDay())
            if let html {
                try Data(ReportPage.html(rows, weeks: weeks, name: env.mailIdentity().name, now: env.now).utf8).write(to: URL(fileURLWithPath: html))
            }
            if json {
                console.print(ReportOutput.json(rows, weeks: weeks).render(pretty: true))
            } else {
                console.write(ReportOutput.text(rows, weeks: weeks))
                if let html { console.print("Wrote the report page to \(html).") }
            }
        }
    }
}
