import Foundation
import NewsletterCore
import NewsletterServer

/// The effective settings as the console shows them: each value (secrets masked, a URL's
/// password cut out) and where it came from.
enum SettingsReport {
    static let notSecret: Set<String> = [SettingKey.now.variable, SettingKey.config.variable]

    static func lines(_ settings: Settings) -> [SettingLine] {
        guard let source = settings.source else { return [] }
        return SettingKey.all.map { key in
            let secret = key.configKey == nil && !notSecret.contains(key.variable)
            if let value = Settings.nonEmpty(source.environment[key.variable]) {
                let origin = key == .config && settings.configFromFlag ? "--config flag" : "environment (\(key.variable))"
                return SettingLine(name: key.variable, value: secret ? "set (hidden)" : shown(value), origin: origin)
            }
            if secret, let file = Settings.nonEmpty(source.environment[key.fileVariable]) {
                return SettingLine(name: key.variable, value: "set (hidden)", origin: "file \(file) (\(key.fileVariable))")
            }
            if let configKey = key.configKey, let value = source.file[configKey] {
                return SettingLine(name: key.variable, value: shown(value), origin: "\(configKey) in \(settings.configPath)")
            }
            return SettingLine(name: key.variable, value: "", origin: "default")
        }
    }

    /// A value with any `user:password@` of a URL cut to `user:…@`.
    static func shown(_ value: String) -> String {
        guard let scheme = value.range(of: "://"), let at = value[scheme.upperBound...].firstIndex(of: "@") else { return value }
        let userinfo = value[scheme.upperBound..<at]
        guard let colon = userinfo.firstIndex(of: ":") else { return value }
        return String(value[..<colon]) + ":…" + String(value[at...])
    }
}
