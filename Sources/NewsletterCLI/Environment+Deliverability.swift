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
}
