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
            let setup = env.sendingSetup()
            var checks = ConfigChecks.run(setup)
            var parsed: MailPart?
            switch try await message(env: env, console: console) {
            case .success(let (bytes, blogURL)):
                checks += MessageChecks.run(bytes, psl: env.publicSuffixList, ownHosts: env.ownHosts(blogURL: blogURL))
                if eml != nil { parsed = MailPart.parse(bytes) }
            case .failure(let error):
                checks.append(.fail("message.compose", "The next digest could not be composed: \(error)", fix: "Fix the feed, or check a message with --eml FILE."))
            }
            if offline {
                checks += DNSChecks.ids.map { .skip($0, "Not checked (--offline).") }
            } else {
                let resolver = try env.dnsResolver()
                checks += await DNSChecks(resolver: resolver, psl: env.publicSuffixList).run(setup, message: parsed)
            }
            let report = CheckReport(checks)
            ok = report.ok
            console.write(json ? CheckOutput.json(report) : CheckOutput.text(report, color: isatty(1) == 1))
        }
        if !ok { throw ExitCode.failure }
    }

    /// The `--eml` file's bytes, or the next digest as its first subscriber would get it, with
    /// the blog's home page when the feed was read.
    private func message(env: Environment, console: Console) async throws -> Result<([UInt8], String?), Error> {
        if let eml {
            guard let data = FileManager.default.contents(atPath: eml) else { throw CLIError("The message \(eml) (--eml) cannot be read.") }
            return .success(([UInt8](data), nil))
        }
        do {
            let feed = try await env.readFeed(flag: nil, console: console)
            let posts = try await SendPlanner.nextDigestPosts(feed: feed, ledger: env.storeExists ? try env.stores().issues : nil, now: env.now)
            guard !posts.isEmpty else { throw CLIError("the feed has no posts") }
            let composer = try env.composer(identity: env.identity(for: feed, source: env.feedSource(flag: nil)))
            let composed = composer.compose(issueID: IssueID.day(env.now), date: env.now, posts: posts)
            return .success((try composed.bytes(for: CheckOutput.sampleRecipient(composed.identity), date: env.now), composed.identity.blogURL))
        } catch {
            return .failure(error)
        }
    }
}
