import Foundation
import NewsletterCore
import Testing

@Suite struct SettingKeyListTests {
    /// `SettingKey.all` names every setting declared in SettingKey.swift, so that a config
    /// key is never refused as unknown because the list forgot it.
    @Test func theListHoldsEveryDeclaredSetting() throws {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/NewsletterCore/Config/SettingKey.swift")
        let text = try String(contentsOf: source, encoding: .utf8)
        let declared = text.components(separatedBy: "\n").filter { $0.contains("public static let ") && !$0.contains("static let all") }.count
        #expect(declared == SettingKey.all.count)
        #expect(Set(SettingKey.all.map(\.variable)).count == SettingKey.all.count)
        #expect(SettingKey.configKeys.isSuperset(of: ["smtp.url", "dkim.key", "inbox.trust", "share.mastodon_instance", "base_url", "serve.port"]))
    }

    @Test func unknownKeysAreFoundWithTheirLines() throws {
        let file = try ConfigFile.parse("name = \"Clinic\"\n\n[smtp]\nurll = \"smtp://x\"\n[topic.recovery]\ntitle = \"Recovery\"\n", path: "n.toml")
        #expect(file.unknownKey(among: SettingKey.configKeys).map { "\($0.key):\($0.line)" } == "smtp.urll:4")
        #expect(try ConfigFile.parse("[topic.family]\ntitle = \"Family\"\n", path: "n.toml").unknownKey(among: SettingKey.configKeys) == nil)
    }
}
