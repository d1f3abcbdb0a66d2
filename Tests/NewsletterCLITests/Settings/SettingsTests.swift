import Foundation
@testable import NewsletterCLI
import NewsletterCore
import Testing

/// One typed value from flag > environment > config file > default.
@Suite struct SettingsTests {
    func load(_ toml: String?, environment: [String: String] = [:], config flag: String? = nil) throws -> Settings {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("n.toml").path
        try Data((toml ?? "").utf8).write(to: URL(fileURLWithPath: path))
        var options = try GlobalOptions.parse(flag.map { ["--config", $0] } ?? [])
        if flag == nil { options.config = path }
        return try Settings.load(options, environment: environment)
    }

    /// The sentence loading these settings fails with, or "" when they load.
    func message(_ toml: String?, _ environment: [String: String]) -> String {
        do {
            _ = try load(toml, environment: environment)
            return ""
        } catch {
            return String(describing: error)
        }
    }

    @Test func environmentBeatsTheFileWhichBeatsTheDefault() throws {
        let toml = """
        base_url = "https://file.example"
        outbox = "FileOutbox"
        [smtp]
        url = "smtp://127.0.0.1:2525"
        hourly_cap = 500
        [serve]
        port = 9000
        """
        let settings = try load(toml, environment: ["NEWSLETTER_BASE_URL": "https://env.example", "NEWSLETTER_SMTP_PASSWORD": "pw"])
        #expect(settings.baseURL == "https://env.example")
        #expect(settings.outboxDirectory == "FileOutbox")
        #expect(settings.templatesDirectory == "Templates")
        #expect(settings.smtp?.url == "smtp://127.0.0.1:2525" && settings.smtp?.password == "pw" && settings.smtp?.tls == .try)
        #expect(settings.hourlyCap == 500 && settings.servePort == 9000 && settings.serveHost == "127.0.0.1")
    }

    @Test func dualSigningTakesListsFromEitherSource() throws {
        let fromFile = try load("[dkim]\ndomain = \"clinic.example\"\nselector = [\"rsa\", \"ed\"]\nkey = [\"/k/rsa.pem\", \"/k/ed,1.pem\"]")
        #expect(fromFile.dkim == .init(domain: "clinic.example", selectors: ["rsa", "ed"], keyPaths: ["/k/rsa.pem", "/k/ed,1.pem"]))
        let fromEnvironment = try load(nil, environment: ["NEWSLETTER_DKIM_DOMAIN": "c.example", "NEWSLETTER_DKIM_SELECTOR": "a, b",
                                                          "NEWSLETTER_DKIM_KEY": "/a.pem,/b.pem"])
        #expect(fromEnvironment.dkim?.selectors == ["a", "b"] && fromEnvironment.dkim?.keyPaths == ["/a.pem", "/b.pem"])
        #expect(throws: CLIError.self) {
            try load(nil, environment: ["NEWSLETTER_DKIM_DOMAIN": "c.example", "NEWSLETTER_DKIM_SELECTOR": "a,b", "NEWSLETTER_DKIM_KEY": "/a.pem"])
        }
    }

    @Test func badValuesAreOneSentenceNamingTheSetting() {
        #expect(message(nil, ["NEWSLETTER_HOURLY_CAP": "lots"]) == "NEWSLETTER_HOURLY_CAP must be a whole number of at least 0, not 'lots'.")
        #expect(message("[serve]\nport = \"eighty\"", [:]) == "serve.port in the config file must be a whole number of at least 0, not 'eighty'.")
        #expect(message(nil, ["NEWSLETTER_FROM": "nobody"]) == "NEWSLETTER_FROM must look like 'Name <address@domain>', not 'nobody'.")
        #expect(message(nil, ["NEWSLETTER_NOW": "yesterday"]).hasPrefix("NEWSLETTER_NOW must be an RFC 3339 timestamp"))
        #expect(message(nil, ["NEWSLETTER_SMTP_URL": "smtp://x", "NEWSLETTER_SMTP_PASSWORD_FILE": "/nonexistent/pw"])
            == "The SMTP password file /nonexistent/pw (NEWSLETTER_SMTP_PASSWORD_FILE) cannot be read.")
    }

    /// Issue 29: a typo in the config file, a base URL that is no web address and a token
    /// secret anyone could guess are each one sentence, not silently taken.
    @Test func typosSchemesAndShortSecretsAreRefused() {
        #expect(message("name = \"Clinic\"\n[smtp]\nurll = \"smtp://x\"\n", [:]).hasSuffix("has an unknown key 'smtp.urll' on line 3; README.md lists the settings."))
        #expect(message("[smtp]\nurll = \"smtp://x\"\n", [:]).contains("' on line 2; "))
        #expect(message("from_address = \"x\"\n", [:]).contains("has an unknown key 'from_address' on line 1"))
        #expect(message("[serve]\nhost = \"127.0.0.1\"\n[topic.recovery]\ntitle = \"Recovery\"\n", [:]) == "")
        #expect(message(nil, ["NEWSLETTER_BASE_URL": "javascript:alert(1)"])
            == "NEWSLETTER_BASE_URL must be an http:// or https:// address such as https://news.clinic.example, not 'javascript:alert(1)'.")
        #expect(message("base_url = \"news.clinic.example\"", [:]).hasPrefix("base_url in the config file must be an http:// or https:// address"))
        #expect(message(nil, ["NEWSLETTER_BASE_URL": "https://news.clinic.example/\r\nX: y"]) != "")
        #expect(message(nil, ["NEWSLETTER_BASE_URL": "https://news.clinic.example/nl"]) == "")
        #expect(message(nil, ["NEWSLETTER_SECRET": "1234"]) == "NEWSLETTER_SECRET is 4 bytes long; a token secret needs at least 32 (make one with: openssl rand -hex 32).")
        #expect(message(nil, ["NEWSLETTER_SECRET": String(repeating: "s", count: 32)]) == "")
    }

    @Test func secretsComeFromTheEnvironmentOrTheirFilesNeverFromTheConfigFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let tokenFile = dir.appendingPathComponent("token").path
        try Data("from-file\n".utf8).write(to: URL(fileURLWithPath: tokenFile))
        for toml in ["secret = \"in-file\"\n", "[smtp]\nurl = \"smtp://127.0.0.1:25\"\npassword = \"in-file\""] {
            #expect(throws: CLIError.self) { try load(toml) }
        }
        do {
            _ = try load("[smtp]\nurl = \"smtp://127.0.0.1:25\"\npassword = \"in-file\"")
        } catch {
            #expect(String(describing: error).hasSuffix("holds the secret 'smtp.password' on line 3; secrets come only from the environment (NEWSLETTER_SMTP_PASSWORD, or a file named in NEWSLETTER_SMTP_PASSWORD_FILE), never from the config file."))
        }
        let settings = try load("[smtp]\nurl = \"smtp://127.0.0.1:25\"",
                                environment: ["NEWSLETTER_MASTODON_TOKEN_FILE": tokenFile, "NEWSLETTER_MASTODON_API_BASE": "https://m.example/"])
        #expect(settings.secret == nil && settings.smtp?.password == nil)
        #expect(settings.social[.mastodonToken] == "from-file")
        #expect(settings.social.mentioned == ["mastodon"])
        #expect(settings.share.mastodonInstance == "https://m.example/")
    }

    @Test func theConsoleShowsEachSettingWithItsOriginAndNoSecret() throws {
        let settings = try load("name = \"Harbor Light\"\n[smtp]\nurl = \"smtp://mail:relay-pass@mx.clinic.example:587\"\n",
                                environment: ["NEWSLETTER_SMTP_PASSWORD": "hunter2", "NEWSLETTER_DB": "postgres://news:db-pass@db.example/letters",
                                              "NEWSLETTER_REVIEW": "required"])
        let lines = Dictionary(uniqueKeysWithValues: SettingsReport.lines(settings).map { ($0.name, $0) })
        #expect(lines["NEWSLETTER_SMTP_PASSWORD"]?.value == "set (hidden)")
        #expect(lines["NEWSLETTER_SMTP_PASSWORD"]?.origin == "environment (NEWSLETTER_SMTP_PASSWORD)")
        #expect(lines["NEWSLETTER_DB"]?.value == "postgres://news:…@db.example/letters")
        #expect(lines["NEWSLETTER_SMTP_URL"]?.value == "smtp://mail:…@mx.clinic.example:587")
        #expect(lines["NEWSLETTER_SMTP_URL"]?.origin.hasPrefix("smtp.url in ") == true)
        #expect(lines["NEWSLETTER_NAME"]?.value == "Harbor Light")
        #expect(lines["NEWSLETTER_REVIEW"]?.value == "required" && settings.review)
        #expect(lines["NEWSLETTER_SECRET"]?.origin == "default")
        #expect(lines.count == SettingKey.all.count)
        #expect(!SettingsReport.lines(settings).contains { $0.value.contains("hunter2") || $0.value.contains("pass") })
    }
}
