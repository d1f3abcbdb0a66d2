import ArgumentParser
import Foundation
import NewsletterCore

/// `newsletter check`: is this newsletter set up to reach inboxes?
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the configuration, the next digest and the sending domains' DNS records for deliverability.",
        discussion: """
        Each check passes, warns, fails or is skipped, with one sentence on what was found \
        and one on what to do. The configuration: a From address, an https base URL that \
        readers can reach, a bounce address, DKIM signing. The message (the next digest, or \
        --eml FILE): one-click unsubscribe headers under the DKIM signature, List-Id, the \
        Message-ID's domain, line lengths, Gmail's 102 KB clipping, a text part, image alt \
        text, the sender's name against the list's, and nothing loaded from hosts other \
        than the blog's and the newsletter's. DNS (unless --offline; NEWSLETTER_DNS_SERVER \
        or /etc/resolv.conf): the DKIM key record, SPF (one record, at most 10 lookups, \
        ending in ~all or -all), DMARC as RFC 9989 finds it (the DNS tree walk), the \
        alignment of From with DKIM, an MX for the bounce domain. Exit status 1 when a \
        check fails.

        Examples:
          newsletter check
          newsletter check --offline --eml preview/digest.eml
          newsletter check --json
        """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Check this message instead of the next digest.", valueName: "file")) var eml: String?
    @Flag(help: "Leave out the DNS checks.") var offline = false
    @Flag(help: "Print {\"ok\", \"checks\": [{\"id\", \"status\", \"message\", \"fix\"}]}.") var json = false

    func run() async throws {
        let console = Console()
        var ok = true
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            let report = try await env.deliverabilityReport(eml: eml, offline: offline, console: console)
            ok = report.ok
            console.write(json ? CheckOutput.json(report) : CheckOutput.text(report, color: isatty(1) == 1))
        }
        if !ok { throw ExitCode.failure }
    }
}
