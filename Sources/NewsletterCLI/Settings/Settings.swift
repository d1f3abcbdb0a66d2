import Foundation
import NewsletterCore
import NewsletterDelivery
import NewsletterHTTP
import NewsletterSocial

/// Every setting, typed, built once at start from flag > environment variable > config file
/// > default (SPEC "Configuration"). The only code that reads a setting by its name: the
/// commands, the server and the social module receive these values.
struct Settings: Sendable {
    /// The config file that was read, or where `init` writes one.
    /// Where each value came from, for the console's settings page.
    var source: Source?
    var configFromFlag = false
    var configPath = "newsletter.toml"
    var logLevel: String?
    /// The time commands run at: `NEWSLETTER_NOW` for tests and replays, else the clock.
    var fixedNow: Date?
    var feed: FeedSource = .sample
    var feedTimeout: Double = 30
    var databasePath = "Subscribers/newsletter.sqlite"
    /// `NEWSLETTER_DB_PASSWORD` (or `_FILE`): the PostgreSQL password when the URL has none.
    var databasePassword: String?
    /// How long a send worker's claim lasts on a shared (PostgreSQL) store.
    var leaseSeconds: Double = 120
    /// `NEWSLETTER_SECRET`; nil means `secret.key` beside the store.
    var secret: String?
    /// Why DKIM signing cannot start when only some of its three settings are given.
    var dkimIncomplete: String?
    /// `NEWSLETTER_DKIM_DOMAIN` when it is given without the others (for `dkim generate`).
    var dkimDomainHint: String?
    /// A token secret shorter than this could be guessed offline from one signed link.
    static let minimumSecretBytes = 32
    var templatesDirectory = "Templates"
    var outboxDirectory = "Outbox"

    var name: String?
    var from: EmailAddress?
    var replyTo: EmailAddress?
    var postalAddress: String?
    var baseURL = "http://127.0.0.1:8080"
    var blogURL: String?
    var language: String?
    var feedbackID: String?

    var smtp: SMTPSettings?
    var hourlyCap: Int?
    var retryBase: Double?
    var retryWait: Double?
    var bounceAddress: String?
    /// Where bounces, complaints and mailed unsubscribes arrive: a Maildir, imap(s)://, pop3(s)://.
    var inbox: String?
    var inboxPassword: String?
    /// What a mailed report must show before it changes anyone.
    var inboxTrust: InboxTrust = .proof
    var inboxCAFile: String?
    var softBounceLimit = 3
    var mailgunWebhookKey: String?
    var postmarkWebhookPassword: String?
    var sendgridWebhookKey: String?
    var sesTopicARN: String?
    /// Opens `/admin/…` on `serve` (bearer, or Basic with user `admin`).
    var adminToken: String?
    /// `NEWSLETTER_CLICK_TRACKING=aggregate`: the blog's links go through `/r/…` on `serve`.
    var clickTracking = false
    /// `NEWSLETTER_REVIEW=required`: scheduled issues wait for an editor's approval.
    var review = false
    /// DKIM signing: one selector and key path per signature (RFC 8463 dual signing with two).
    var dkim: DKIMSettings?
    /// `host[:port]` of the resolver `newsletter check` asks; nil means resolv.conf's.
    var dnsServer: String?
    var dnsTimeout: Double = 5

    /// `[topic.KEY]` tables: the parts of the blog a reader can follow.
    var topics = TopicCatalog.none

    var share = ShareSettings()
    var social = SocialSettings()

    var serveHost = "127.0.0.1"
    var servePort = 8080
    var subscribeLimit: Int?
    var serveIdleTimeout: Double?
    var serveMaxConnections: Int?
    /// `NEWSLETTER_METRICS_LISTEN`: `host:port` of `/metrics` without a token.
    var metricsListen: (host: String, port: Int)?
    var trustProxy = false

    struct DKIMSettings: Sendable, Equatable {
        var domain: String
        var selectors: [String]
        var keyPaths: [String]
    }

    /// Reads the environment and the config file named by `--config`, `NEWSLETTER_CONFIG`,
    /// or `./newsletter.toml` when it exists.
    static func load(_ options: GlobalOptions, environment: [String: String]) throws -> Settings {
        var settings = Settings()
        let explicitPath = options.config ?? nonEmpty(environment[SettingKey.config.variable])
        settings.configPath = explicitPath ?? "newsletter.toml"
        var file = ConfigFile()
        if explicitPath != nil || FileManager.default.fileExists(atPath: settings.configPath) {
            guard let data = FileManager.default.contents(atPath: settings.configPath) else {
                throw CLIError("The config file \(settings.configPath) cannot be read.")
            }
            file = try ConfigFile.parse(String(decoding: data, as: UTF8.self), path: settings.configPath)
            if let (key, line) = file.unknownKey(among: SettingKey.configKeys) {
                let variable = "NEWSLETTER_" + key.replacingOccurrences(of: ".", with: "_").uppercased()
                if let secret = SettingKey.all.first(where: { $0.variable == variable && $0.configKey == nil }) {
                    throw CLIError("The config file \(settings.configPath) holds the secret '\(key)' on line \(line); secrets come only from the environment (\(secret.variable), or a file named in \(secret.fileVariable)), never from the config file.")
                }
                let near = SettingKey.configKeys.filter { $0.hasSuffix("." + (key.split(separator: ".").last.map(String.init) ?? key)) || $0.split(separator: ".").last.map(String.init) == key }.sorted()
                let hint = near.isEmpty ? "" : " (did you mean \(near.map { "'\($0)'" }.joined(separator: " or "))?)"
                throw CLIError("The config file \(settings.configPath) has an unknown key '\(key)' on line \(line)\(hint); README.md lists the settings.")
            }
        }
        settings.topics = try topics(in: file, path: settings.configPath)
        let source = Source(environment: environment, file: file)
        settings.source = source
        settings.configFromFlag = options.config != nil
        try settings.read(source, options: options)
        return settings
    }

    /// The `[topic.KEY]` tables of the config file, in the order they were written.
    static func topics(in file: ConfigFile, path: String) throws -> TopicCatalog {
        var keys: [(key: String, line: Int)] = []
        for (name, line) in file.lines where name.hasPrefix("topic.") {
            let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, ["title", "description", "categories"].contains(parts[2]) else {
                throw CLIError("The config file \(path) has an unknown key '\(name)' on line \(line); a topic is a [topic.KEY] table with title, description and categories.")
            }
            guard Topic.isKey(parts[1]) else {
                throw CLIError("The config file \(path) names a topic '\(parts[1])' on line \(line); a topic's key is lowercase letters, digits, '-' and '_' (at most 40).")
            }
            if let i = keys.firstIndex(where: { $0.key == parts[1] }) { keys[i].line = min(keys[i].line, line) } else { keys.append((parts[1], line)) }
        }
        let topics = keys.sorted { $0.line < $1.line }.map { key, _ -> Topic in
            // A topic without categories holds no post yet (`newsletter topics` shows 0).
            let categories = (file.list("topic.\(key).categories") ?? []).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let title = file.values["topic.\(key).title"].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 } ?? key
            return Topic(key: key, title: title, description: file.values["topic.\(key).description"] ?? "", categories: categories)
        }
        return TopicCatalog(topics)
    }

    private mutating func read(_ s: Source, options: GlobalOptions) throws {
        logLevel = options.logLevel ?? s.string(.logLevel)
        if let text = s.string(.now) {
            guard let parsed = FeedDate.parseISO8601(text) else {
                throw CLIError("\(SettingKey.now) must be an RFC 3339 timestamp such as 2026-11-20T09:30:00Z, not '\(text)'.")
            }
            fixedNow = parsed
        }
        feed = s.string(.feed).map(FeedSource.init) ?? .sample
        feedTimeout = try s.number(.feedTimeout) ?? feedTimeout
        databasePath = s.string(.database) ?? databasePath
        databasePassword = try s.secret(.databasePassword, what: "The database password file")
        if let lease = try s.number(.leaseSeconds) {
            guard lease >= 1 else { throw CLIError("\(s.origin(of: .leaseSeconds)) must be at least 1 second, not '\(lease)'.") }
            leaseSeconds = lease
        }
        secret = s.environmentOnly(.secret)
        if let secret, secret.utf8.count < Self.minimumSecretBytes {
            throw CLIError("\(SettingKey.secret) is \(secret.utf8.count) byte\(secret.utf8.count == 1 ? "" : "s") long; a token secret needs at least \(Self.minimumSecretBytes) (make one with: openssl rand -hex 32).")
        }
        templatesDirectory = s.string(.templates) ?? templatesDirectory
        outboxDirectory = s.string(.outbox) ?? outboxDirectory

        name = s.string(.name)
        from = try s.address(.from, example: "'Name <address@domain>'")
        replyTo = try s.address(.replyTo, example: "an email address")
        postalAddress = s.string(.postalAddress)
        if let url = s.string(.baseURL) {
            // It is put in every mail's links and List-Unsubscribe: only a web address will do.
            let parts = URLResolver.split(url)
            guard let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https", !(parts.authority ?? "").isEmpty,
                  !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0 == "<" || $0 == ">" || $0 == "\"" }) else {
                throw CLIError("\(s.origin(of: .baseURL)) must be an http:// or https:// address such as https://news.clinic.example, not '\(url)'.")
            }
            baseURL = url
        }
        blogURL = s.string(.blogURL)
        language = s.string(.language)
        feedbackID = s.string(.feedbackID)

        if let url = s.string(.smtpURL) {
            smtp = try SMTPSettings(url: url, tls: s.string(.smtpTLS), caFile: s.string(.smtpCAFile), username: s.string(.smtpUsername),
                                    password: try s.secret(.smtpPassword, what: "The SMTP password file"), ehloName: s.string(.smtpEHLO),
                                    timeout: try s.number(.smtpTimeout) ?? 60)
        }
        hourlyCap = try s.integer(.hourlyCap)
        retryBase = try s.number(.retryBase)
        retryWait = try s.number(.retryWait)
        if let bounce = try s.address(.bounceAddress, example: "a bare address such as bounces@clinic.example") {
            guard bounce.name == nil, !bounce.address.contains("+") else {
                throw CLIError("\(s.origin(of: .bounceAddress)) must be a bare address without a '+' (VERP adds '+TAG'), such as bounces@clinic.example, not '\(s.string(.bounceAddress) ?? "")'.")
            }
            bounceAddress = bounce.address
        }
        (dkim, dkimIncomplete) = try Self.dkim(s)
        if dkimIncomplete != nil { dkimDomainHint = s.string(.dkimDomain) }
        dnsServer = s.string(.dnsServer)
        dnsTimeout = try s.number(.dnsTimeout) ?? dnsTimeout
        inbox = s.string(.inbox)
        mailgunWebhookKey = try s.secret(.mailgunWebhookKey, what: "The Mailgun webhook key file")
        postmarkWebhookPassword = try s.secret(.postmarkWebhookPassword, what: "The Postmark webhook password file")
        sendgridWebhookKey = s.string(.sendgridWebhookKey)
        sesTopicARN = s.string(.sesTopicARN)
        adminToken = try s.secret(.adminToken, what: "The admin token file")
        switch s.string(.review)?.lowercased() {
        case nil, "off": review = false
        case "required": review = true
        case let other?: throw CLIError("\(s.origin(of: .review)) must be off or required, not '\(other)'.")
        }
        switch s.string(.clickTracking)?.lowercased() {
        case nil, "off": clickTracking = false
        case "aggregate": clickTracking = true
        case let other?: throw CLIError("\(s.origin(of: .clickTracking)) must be off or aggregate, not '\(other)'.")
        }
        inboxPassword = try s.secret(.inboxPassword, what: "The inbox password file")
        if let trust = s.string(.inboxTrust) {
            guard let value = InboxTrust(rawValue: trust.lowercased()) else {
                throw CLIError("\(s.origin(of: .inboxTrust)) must be proof or address, not '\(trust)'.")
            }
            inboxTrust = value
        }
        inboxCAFile = s.string(.inboxCAFile) ?? s.string(.smtpCAFile)
        if let limit = try s.integer(.softBounceLimit) {
            guard limit >= 1 else { throw CLIError("\(s.origin(of: .softBounceLimit)) must be a whole number of at least 1, not '\(limit)'.") }
            softBounceLimit = limit
        }

        share = ShareSettings(xVia: s.string(.xVia), mastodonInstance: s.string(.mastodonAPIBase), utmCampaign: s.string(.shareUTMCampaign))
        var values: [SettingKey: String] = [:]
        for key in SocialSettings.keys {
            if let value = key.configKey != nil ? s.string(key) : try s.secret(key, what: "The file") { values[key] = value }
        }
        let mentioned = SocialConfiguration.postable.filter { network in
            let prefix = SettingKey.networkPrefix(network)
            return SocialSettings.keys.contains { key in
                key.variable.hasPrefix(prefix) && !key.variable.hasSuffix("_API_BASE") && !key.variable.hasSuffix("_VERSION") && values[key] != nil
            }
        }
        social = SocialSettings(values: values, mentioned: Set(mentioned), maxRateLimitWait: try s.number(.socialMaxWait) ?? 60)

        serveHost = s.string(.serveHost) ?? serveHost
        servePort = try s.integer(.servePort) ?? servePort
        subscribeLimit = try s.integer(.subscribeLimit)
        if let idle = try s.number(.serveIdleTimeout) {
            guard idle >= 1 else { throw CLIError("\(s.origin(of: .serveIdleTimeout)) must be at least 1 second, not '\(idle)'.") }
            serveIdleTimeout = idle
        }
        if let text = s.string(.metricsListen) {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            let host = parts.dropLast().joined(separator: ":").trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            guard parts.count >= 2, !host.isEmpty, let port = Int(parts.last!), (1...65_535).contains(port) else {
                throw CLIError("\(s.origin(of: .metricsListen)) must be host:port such as 127.0.0.1:9464, not '\(text)'.")
            }
            metricsListen = (host, port)
        }
        if let cap = try s.integer(.serveMaxConnections) {
            guard cap >= 1 else { throw CLIError("\(s.origin(of: .serveMaxConnections)) must be at least 1, not '\(cap)'.") }
            serveMaxConnections = cap
        }
        trustProxy = ["1", "true", "yes"].contains(s.string(.trustProxy)?.lowercased() ?? "")
    }

    /// All three DKIM settings, or none; selectors and keys may be comma-separated lists of
    /// the same length (one signature per pair). Some but not all of them is not an error
    /// yet (`dkim generate` makes the key they will name): the sentence signing fails with.
    private static func dkim(_ s: Source) throws -> (DKIMSettings?, incomplete: String?) {
        let domain = s.string(.dkimDomain)
        let selectors = s.list(.dkimSelector)
        let keys = s.list(.dkimKey)
        let given = [domain != nil, selectors != nil, keys != nil].filter { $0 }.count
        guard given == 3, let domain, let selectors, let keys else {
            guard given > 0 else { return (nil, nil) }
            return (nil, "DKIM signing needs \(SettingKey.dkimDomain), \(SettingKey.dkimSelector) and \(SettingKey.dkimKey) together; only \(given) of them \(given == 1 ? "is" : "are") set.")
        }
        guard selectors.count == keys.count else {
            throw CLIError("\(SettingKey.dkimSelector) names \(selectors.count) selector(s) but \(SettingKey.dkimKey) \(keys.count) key(s); give one key per selector, in the same order.")
        }
        return (DKIMSettings(domain: domain, selectors: selectors, keyPaths: keys), nil)
    }

    static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    /// Where a value comes from: the environment first, then the config file.
    struct Source {
        let environment: [String: String]
        let file: ConfigFile

        func string(_ key: SettingKey) -> String? {
            if let value = nonEmpty(environment[key.variable]) { return value }
            return key.configKey.flatMap { file[$0] }
        }

        func environmentOnly(_ key: SettingKey) -> String? { nonEmpty(environment[key.variable]) }

        /// A comma-separated variable, or a config array (whose items may hold commas).
        func list(_ key: SettingKey) -> [String]? {
            if let value = nonEmpty(environment[key.variable]) {
                return value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            return key.configKey.flatMap { file.list($0) }
        }

        /// A secret: the variable itself, or the file named by `…_FILE` (one trailing newline dropped).
        func secret(_ key: SettingKey, what: String) throws -> String? {
            if let value = environmentOnly(key) { return value }
            guard let path = nonEmpty(environment[key.fileVariable]) else { return nil }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CLIError("\(what) \(path) (\(key.fileVariable)) cannot be read.")
            }
            return nonEmpty(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }

        func number(_ key: SettingKey) throws -> Double? {
            guard let text = string(key) else { return nil }
            guard let value = Double(text), value >= 0 else { throw CLIError("\(origin(of: key)) must be a number of at least 0, not '\(text)'.") }
            return value
        }

        func integer(_ key: SettingKey) throws -> Int? {
            guard let text = string(key) else { return nil }
            guard let value = Int(text), value >= 0 else { throw CLIError("\(origin(of: key)) must be a whole number of at least 0, not '\(text)'.") }
            return value
        }

        func address(_ key: SettingKey, example: String) throws -> EmailAddress? {
            guard let text = string(key) else { return nil }
            guard let parsed = EmailAddress.parse(text) else { throw CLIError("\(origin(of: key)) must look like \(example), not '\(text)'.") }
            return parsed
        }

        /// The variable, or the config key when the value came from the file.
        func origin(of key: SettingKey) -> String {
            if nonEmpty(environment[key.variable]) == nil, let configKey = key.configKey, file[configKey] != nil {
                return "\(configKey) in the config file"
            }
            return key.variable
        }
    }
}
