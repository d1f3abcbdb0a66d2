import ArgumentParser
import Foundation
import NewsletterCore
import NewsletterPostgres

/// `newsletter init`: a starter configuration, the templates, the store and the secret.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starter newsletter.toml, the missing templates, the store, the token secret and a DKIM key; never overwrites a file.",
        discussion: """
        Without a configured DKIM key, init makes an RSA-2048 key (Subscribers/dkim-newsletter.pem, \
        mode 0600) and prints the DKIM, SPF and DMARC records to publish.

        Example:
          newsletter init
        """
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            let fm = FileManager.default
            var created: [String] = []
            var kept: [String] = []
            let configPath = env.settings.configPath
            if fm.fileExists(atPath: configPath) {
                kept.append(configPath)
            } else {
                try Data(Self.starterConfig.utf8).write(to: URL(fileURLWithPath: configPath))
                created.append(configPath)
            }
            let templates = env.settings.templatesDirectory
            try fm.createDirectory(atPath: templates, withIntermediateDirectories: true)
            for name in TemplateSet.fileNames {
                let path = templates + "/" + name
                if fm.fileExists(atPath: path) {
                    kept.append(path)
                } else if let text = TemplateSet.defaultText(of: name) {
                    try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: path))
                    created.append(path)
                }
            }
            let storeExisted = env.storeExists
            let stores = try env.stores()
            _ = try await stores.subscribers.counts()
            let storeName = env.isPostgres ? (try? PostgresURL(env.databasePath).description) ?? "the PostgreSQL store" : env.databasePath
            if storeExisted { kept.append(storeName) } else { created.append(storeName) }
            if env.settings.secret == nil {
                let secretPath = env.secretPath
                let existed = fm.fileExists(atPath: secretPath)
                _ = try env.tokenSecret()
                if existed { kept.append(secretPath) } else { created.append(secretPath + " (mode 0600)") }
            }
            var dkim: DKIMSetup?
            if env.settings.dkim == nil {
                let path = env.dkimKeyPath(selector: "newsletter")
                if let pem = fm.contents(atPath: path) {
                    dkim = DKIMSetup(env: env, selector: "newsletter", path: path, key: try DKIMKey(pem: String(decoding: pem, as: UTF8.self), source: "The DKIM key \(path)"))
                    kept.append(path)
                } else {
                    dkim = DKIMSetup(env: env, selector: "newsletter", path: path, key: try DKIMSetup.generate(.rsaSHA256, at: path))
                    created.append(path + " (RSA-2048 DKIM key, mode 0600)")
                }
            }
            console.print(created.isEmpty ? "Nothing to create." : "Created:\n" + created.map { "  " + $0 }.joined(separator: "\n"))
            if !kept.isEmpty { console.print("Kept as they were: \(kept.count) file\(kept.count == 1 ? "" : "s").") }
            if let dkim {
                console.write("\n" + dkim.text(written: false).split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).dropFirst().joined())
            }
        }
    }
}
