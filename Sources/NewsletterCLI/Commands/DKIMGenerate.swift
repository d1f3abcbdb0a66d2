import ArgumentParser
import Foundation
import NewsletterCore

/// `newsletter dkim generate`: a new key, never overwriting, and the records to publish.
struct DKIMGenerate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a new DKIM key (RSA-2048 by default) and print the DNS records to publish.",
        discussion: """
        The key goes to dkim-SELECTOR.pem beside the store (Subscribers/ by default), mode \
        0600; an existing file is never overwritten. The printed DKIM record goes at \
        SELECTOR._domainkey.DOMAIN, with a starter SPF and DMARC record for the sending \
        domain. For RFC 8463 dual signing, make an Ed25519 key beside the RSA one and list \
        both selectors and keys.

        Examples:
          newsletter dkim generate
          newsletter dkim generate --algorithm ed25519 --selector newsletter-ed25519
        """
    )

    enum KeyAlgorithm: String, ExpressibleByArgument, CaseIterable {
        case rsa, ed25519
    }

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("The selector: the DNS label the key is published under.", valueName: "selector")) var selector: String?
    @Option(help: "rsa (RSA-2048) or ed25519.") var algorithm: KeyAlgorithm = .rsa
    @Flag(help: "Print the key file and the records as JSON.") var json = false

    func validate() throws {
        if let selector, !DKIMSetup.isSelector(selector) {
            throw ValidationError("--selector must be DNS labels of letters, digits and hyphens (such as newsletter or 2026-12), not '\(selector)'.")
        }
    }

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            let selector = selector ?? (algorithm == .rsa ? "newsletter" : "newsletter-ed25519")
            let path = env.dkimKeyPath(selector: selector)
            let key = try DKIMSetup.generate(algorithm == .rsa ? .rsaSHA256 : .ed25519SHA256, at: path)
            let output = DKIMSetup(env: env, selector: selector, path: path, key: key)
            console.write(json ? output.json() : output.text(written: true))
        }
    }
}
