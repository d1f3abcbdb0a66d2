import ArgumentParser
import Crypto
import _CryptoExtras
import Foundation
import NewsletterCore

/// `newsletter-bench compose`: the cost of each personalised, signed digest message.
struct BenchCompose: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compose",
        abstract: "Render the sample digest once, then personalise, encode and sign it for N subscribers (for Scripts/bench-compose.sh)."
    )

    @Option(help: "How many subscribers.")
    var subscribers: Int = 10_000

    @Option(help: "DKIM: none, rsa (2048 bits) or ed25519.")
    var dkim: String = "none"

    func run() throws {
        let feed = try FeedParser.parse(Data(SampleBlog.feedXML.utf8), source: "sample", url: SampleBlog.feedURL).feed
        let identity = NewsletterIdentity(name: "Harbor Light Counseling", from: SampleBlog.from, blogURL: feed.homePage,
                                          baseURL: "https://news.harborlightclinic.example", postalAddress: SampleBlog.postalAddress)
        let now = Date()
        var signers: [DKIMSigner] = []
        switch dkim {
        case "rsa":
            signers = [DKIMSigner(domain: "harborlightclinic.example", selector: "rsa", key: try DKIMKey(pem: try _RSA.Signing.PrivateKey(keySize: .bits2048).pemRepresentation))]
        case "ed25519":
            signers = [DKIMSigner(domain: "harborlightclinic.example", selector: "ed", key: try DKIMKey(pem: DKIMKey.ed25519PEM()))]
        case "none": break
        default: throw ValidationError("--dkim is none, rsa or ed25519, not '\(dkim)'.")
        }
        let composer = IssueComposer(identity: identity, templates: try TemplateSet(), secret: SymmetricKey(size: .bits256), signers: signers)
        let renderStart = DispatchTime.now().uptimeNanoseconds
        let composed = composer.compose(issueID: "bench", date: now, posts: Array(feed.newestFirst.prefix(4)))
        let renderSeconds = Double(DispatchTime.now().uptimeNanoseconds - renderStart) / 1e9
        var bytes = 0
        let start = DispatchTime.now().uptimeNanoseconds
        for i in 0..<subscribers {
            bytes += try composed.bytes(for: Recipient(email: "reader\(i)@example.com", name: "Reader \(i)"), date: now).count
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print(String(format: "dkim=%@ subscribers=%d render_once_ms=%.2f total_s=%.3f per_message_us=%.1f messages_per_s=%.0f avg_bytes=%d",
                               dkim, subscribers, renderSeconds * 1000, seconds, seconds / Double(subscribers) * 1e6,
                               Double(subscribers) / seconds, bytes / max(1, subscribers)))
    }
}
