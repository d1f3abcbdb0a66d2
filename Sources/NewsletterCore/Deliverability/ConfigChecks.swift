/// The checks of the configuration alone (`config.*`, `dkim.signing`).
public enum ConfigChecks {
    public static func run(_ setup: SendingSetup) -> [CheckResult] {
        [from(setup), baseURL(setup), bounce(setup), dkim(setup)]
    }

    static func from(_ setup: SendingSetup) -> CheckResult {
        let id = "config.from"
        guard let from = setup.from else {
            return .fail(id, "No From address is configured (\(SettingKey.from)), so mail would go out from a guessed address.",
                         fix: "Set \(SettingKey.from) to the newsletter's sender, such as 'Harbor Light <news@clinic.example>', on a domain you control.")
        }
        if let kind = HostAddress.kind(of: from.domain) {
            return .fail(id, "The From address \(from.address) is on \(kind), which no receiver can check.",
                         fix: "Set \(SettingKey.from) to an address on your public domain.")
        }
        return .pass(id, "Mail goes out from \(from).")
    }

    static func baseURL(_ setup: SendingSetup) -> CheckResult {
        let id = "config.base-url-https"
        let url = setup.baseURL
        let parts = URLResolver.split(url)
        let fix = "Set \(SettingKey.baseURL) to the public https:// address where newsletter serve answers, such as https://news.clinic.example."
        guard parts.scheme?.lowercased() == "https" else {
            return .fail(id, "\(SettingKey.baseURL) is \(url), not an https:// address, so one-click unsubscribe (RFC 8058) cannot work and links look unsafe.", fix: fix)
        }
        let host = Self.host(of: parts.authority ?? "")
        if host.isEmpty { return .fail(id, "\(SettingKey.baseURL) \(url) names no host.", fix: fix) }
        if let kind = HostAddress.kind(of: host) {
            return .fail(id, "\(SettingKey.baseURL) \(url) points at \(kind), which readers cannot reach, so its unsubscribe and confirm links would not work.", fix: fix)
        }
        return .pass(id, "Links point at \(url).")
    }

    static func bounce(_ setup: SendingSetup) -> CheckResult {
        let id = "config.bounce-address"
        guard let bounce = setup.bounceAddress else {
            return .warn(id, "No bounce address is set, so bounces go to the From address and cannot be traced to a subscriber.",
                         fix: "Set \(SettingKey.bounceAddress) to a mailbox such as bounces@clinic.example and let newsletter inbox read it.")
        }
        return .pass(id, "Bounces go to \(bounce), with each copy's VERP tag.")
    }

    static func dkim(_ setup: SendingSetup) -> CheckResult {
        let id = "dkim.signing"
        if let problem = setup.dkimProblem {
            return .fail(id, problem, fix: "Point \(SettingKey.dkimKey) at a readable PEM key, or make one with newsletter dkim generate.")
        }
        guard let first = setup.signers.first else {
            return .warn(id, "DKIM signing is off, and Gmail, Yahoo and Outlook junk or refuse bulk mail without a DKIM signature.",
                         fix: "Run newsletter dkim generate, publish the TXT record it prints, then set \(SettingKey.dkimDomain), \(SettingKey.dkimSelector) and \(SettingKey.dkimKey).")
        }
        let keys = setup.signers.map { "\($0.key.summary) (s=\($0.selector))" }.joined(separator: " and ")
        return .pass(id, "Each copy is signed for d=\(first.domain) with \(keys).")
    }

    /// The host of an authority, without user info or port.
    static func host(of authority: String) -> String {
        var a = Substring(authority)
        if let at = a.lastIndex(of: "@") { a = a[a.index(after: at)...] }
        if a.hasPrefix("["), let close = a.firstIndex(of: "]") { return String(a[...close]) }
        if let colon = a.lastIndex(of: ":") { a = a[..<colon] }
        return String(a)
    }
}
