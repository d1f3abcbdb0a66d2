import Foundation
import NewsletterCore
import NewsletterDelivery

extension Environment {
    /// What the checks read of the configuration; an unreadable DKIM key becomes the
    /// `dkim.signing` failure instead of an error.
    func sendingSetup() -> SendingSetup {
        var signers: [DKIMSigner] = []
        var problem: String?
        do {
            signers = try dkimSigners()
        } catch {
            problem = "\(error)"
        }
        return SendingSetup(from: settings.from, baseURL: settings.baseURL, bounceAddress: settings.bounceAddress, signers: signers,
                            keyPaths: settings.dkim?.keyPaths ?? [], dkimProblem: problem)
    }

    /// The Public Suffix List from Debian's `publicsuffix` package when it is installed,
    /// else the built-in few.
    var publicSuffixList: PublicSuffixList {
        for path in ["/usr/share/publicsuffix/public_suffix_list.dat", "/etc/ssl/public_suffix_list.dat"] {
            if let data = FileManager.default.contents(atPath: path) { return PublicSuffixList(text: String(decoding: data, as: UTF8.self)) }
        }
        return .builtIn
    }

    /// The resolver `check` asks: `NEWSLETTER_DNS_SERVER`, else resolv.conf's servers.
    func dnsResolver() throws -> SocketDNSResolver {
        if let configured = settings.dnsServer {
            guard let server = SocketDNSResolver.Server(configured) else {
                throw CLIError("\(SettingKey.dnsServer) must be host[:port], such as 127.0.0.1:53 or [::1]:5353, not '\(configured)'.")
            }
            return SocketDNSResolver(servers: [server], timeout: settings.dnsTimeout)
        }
        return SocketDNSResolver(servers: SocketDNSResolver.systemServers(), timeout: settings.dnsTimeout)
    }

    /// The configuration's and one message's offline checks (what runs before a send).
    func offlineChecks(message: [UInt8], blogURL: String?) -> CheckReport {
        CheckReport(ConfigChecks.run(sendingSetup()) + MessageChecks.run(message, psl: publicSuffixList, ownHosts: ownHosts(blogURL: blogURL)))
    }

    /// The hosts the newsletter's emails may load from without telling a third party who
    /// opened them: the base URL's, the blog's (`blogURL`, the configured blog URL) and the feed's.
    func ownHosts(blogURL: String?) -> [String] {
        var urls = [settings.baseURL, settings.blogURL, blogURL]
        if case .url(let feed) = feedSource(flag: nil) { urls.append(feed) }
        return urls.compactMap { $0.flatMap { URLResolver.split($0).authority }.map(UTM.host) }.filter { !$0.isEmpty }
    }

    /// Where `dkim generate` writes keys: beside the store, as `dkim-SELECTOR.pem`.
    func dkimKeyPath(selector: String) -> String {
        (stateDirectory == "." ? "" : stateDirectory + "/") + "dkim-\(selector).pem"
    }

    /// Everything `newsletter check` checks: the settings, one message (`eml`, or the next
    /// digest as its first subscriber would get it) and, unless `offline`, the DNS.
    func deliverabilityReport(eml: String?, offline: Bool, console: Console) async throws -> CheckReport {
        let setup = sendingSetup()
        var checks = ConfigChecks.run(setup)
        var parsed: MailPart?
        switch try await checkedMessage(eml: eml, console: console) {
        case .success(let (bytes, blogURL)):
            checks += MessageChecks.run(bytes, psl: publicSuffixList, ownHosts: ownHosts(blogURL: blogURL))
            if eml != nil { parsed = MailPart.parse(bytes) }
        case .failure(let error):
            checks.append(.fail("message.compose", "The next digest could not be composed: \(error)", fix: "Fix the feed, or check a message with --eml FILE."))
        }
        if offline {
            checks += DNSChecks.ids.map { .skip($0, "Not checked (--offline).") }
        } else {
            checks += await DNSChecks(resolver: try dnsResolver(), psl: publicSuffixList).run(setup, message: parsed)
        }
        return CheckReport(checks)
    }

    /// The `eml` file's bytes, or the next digest as its first subscriber would get it, with
    /// the blog's home page when the feed was read.
    private func checkedMessage(eml: String?, console: Console) async throws -> Result<([UInt8], String?), Error> {
        if let eml {
            guard let data = FileManager.default.contents(atPath: eml) else { throw CLIError("The message \(eml) (--eml) cannot be read.") }
            return .success(([UInt8](data), nil))
        }
        do {
            let feed = try await readFeed(flag: nil, console: console)
            let posts = try await SendPlanner.nextDigestPosts(feed: feed, ledger: storeExists ? try stores().issues : nil, now: now)
            guard !posts.isEmpty else { throw CLIError("the feed has no posts") }
            let composer = try composer(identity: identity(for: feed, source: feedSource(flag: nil)))
            let composed = composer.compose(issueID: IssueID.day(now), date: now, posts: posts)
            return .success((try composed.bytes(for: CheckOutput.sampleRecipient(composed.identity), date: now), composed.identity.blogURL))
        } catch {
            return .failure(error)
        }
    }
}
