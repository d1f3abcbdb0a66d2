import Crypto
import Foundation
import NewsletterCore
import NewsletterHTTP

extension Environment {
    /// The newsletter's identity from settings, falling back on what the feed says.
    func identity(for feed: Feed, source: FeedSource) throws -> NewsletterIdentity {
        let isSample = source == .sample
        let name = setting("NEWSLETTER_NAME", config: "name") ?? (feed.title.isEmpty ? "Newsletter" : feed.title)
        let from: EmailAddress
        if let text = setting("NEWSLETTER_FROM", config: "from") {
            guard let parsed = EmailAddress.parse(text) else {
                throw CLIError("NEWSLETTER_FROM must look like 'Name <address@domain>', not '\(text)'.")
            }
            from = parsed
        } else if isSample {
            from = SampleBlog.from
        } else {
            let host = feed.homePage.flatMap { URLResolver.split($0).authority }.map(UTM.host) ?? "localhost"
            from = EmailAddress("newsletter@" + host, name: name)
        }
        let postal = setting("NEWSLETTER_POSTAL_ADDRESS", config: "postal_address") ?? (isSample ? SampleBlog.postalAddress : name)
        let replyTo = setting("NEWSLETTER_REPLY_TO", config: "reply_to").flatMap(EmailAddress.parse)
        return NewsletterIdentity(
            name: name, from: from, replyTo: replyTo, blogURL: feed.homePage,
            baseURL: setting("NEWSLETTER_BASE_URL", config: "base_url") ?? "http://127.0.0.1:8080",
            postalAddress: postal, language: feed.language.map { String($0.prefix(2)).lowercased() } ?? "en",
            feedbackID: setting("NEWSLETTER_FEEDBACK_ID", config: "feedback_id")
        )
    }

    /// The templates folder: `NEWSLETTER_TEMPLATES`, `templates` in the config, or `Templates/`.
    var templatesDirectory: String { setting("NEWSLETTER_TEMPLATES", config: "templates") ?? "Templates" }

    /// The user's templates over the defaults.
    func templates() throws -> DigestTemplates {
        var files: [String: String] = [:]
        for name in DigestTemplates.fileNames {
            let path = templatesDirectory + "/" + name
            if let data = FileManager.default.contents(atPath: path) { files[name] = String(decoding: data, as: UTF8.self) }
        }
        return try DigestTemplates(files: files, folder: templatesDirectory)
    }

    /// `secret.key` beside the store.
    var secretPath: String {
        let folder = (databasePath as NSString).deletingLastPathComponent
        return folder.isEmpty ? "secret.key" : folder + "/secret.key"
    }

    /// The key for signing tokens: `NEWSLETTER_SECRET`, else `secret.key` beside the store,
    /// created with mode 0600 on first use.
    func tokenSecret() throws -> SymmetricKey {
        if let secret = variables["NEWSLETTER_SECRET"], !secret.isEmpty { return SymmetricKey(data: Data(secret.utf8)) }
        let path = secretPath
        if let data = FileManager.default.contents(atPath: path), !data.isEmpty { return SymmetricKey(data: data) }
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Data($0) }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
            throw CLIError("The token secret \(path) cannot be created.")
        }
        return key
    }

    /// The DKIM signer when `NEWSLETTER_DKIM_DOMAIN`, `_SELECTOR` and `_KEY` are all set.
    func dkimSigner() throws -> DKIMSigner? {
        let domain = setting("NEWSLETTER_DKIM_DOMAIN", config: "dkim.domain")
        let selector = setting("NEWSLETTER_DKIM_SELECTOR", config: "dkim.selector")
        let keyPath = setting("NEWSLETTER_DKIM_KEY", config: "dkim.key")
        let given = [domain, selector, keyPath].compactMap { $0 }
        guard given.count == 3, let domain, let selector, let keyPath else {
            if !given.isEmpty {
                throw CLIError("DKIM signing needs NEWSLETTER_DKIM_DOMAIN, NEWSLETTER_DKIM_SELECTOR and NEWSLETTER_DKIM_KEY together; only \(given.count) of them are set.")
            }
            return nil
        }
        guard let pem = FileManager.default.contents(atPath: keyPath) else {
            throw CLIError("The DKIM key \(keyPath) (NEWSLETTER_DKIM_KEY) cannot be read.")
        }
        let key = try DKIMKey(pem: String(decoding: pem, as: UTF8.self), source: "The DKIM key \(keyPath)")
        return DKIMSigner(domain: domain, selector: selector, key: key)
    }

    /// `via=` for X, the Mastodon instance for its share page, and UTM tags for shared links.
    func shareSettings() -> ShareSettings {
        ShareSettings(xVia: setting("NEWSLETTER_X_VIA", config: "share.x_via"),
                      mastodonInstance: setting("NEWSLETTER_MASTODON_API_BASE", config: "share.mastodon_instance"),
                      utmCampaign: setting("NEWSLETTER_SHARE_UTM_CAMPAIGN", config: "share.utm_campaign"))
    }
}
