import Foundation
import NewsletterCore

/// How to reach the SMTP server (SPEC "Configuration": the SMTP settings).
public struct SMTPSettings: Sendable, Equatable {
    /// `require` (STARTTLS or fail), `try` (STARTTLS when offered), `off`.
    public enum TLSPolicy: String, Sendable {
        case require, `try`, off
    }

    public var url: String
    public var tls: TLSPolicy
    public var caFile: String?
    public var username: String?
    public var password: String?
    /// The name given in EHLO.
    public var ehloName: String?
    /// Seconds one message may take, connection included.
    public var timeout: Double

    /// Reads the URL and policy; `tls` nil picks `require`, or `try` for a loopback host.
    public init(url: String, tls: String?, caFile: String? = nil, username: String? = nil, password: String? = nil,
                ehloName: String? = nil, timeout: Double = 60) throws {
        let lower = url.lowercased()
        guard lower.hasPrefix("smtp://") || lower.hasPrefix("smtps://") else {
            throw SMTPError.configuration("\(SettingKey.smtpURL) must start with smtp:// (STARTTLS) or smtps:// (implicit TLS), not '\(url)'.")
        }
        self.url = url
        let host = Self.host(of: url)
        if let tls {
            guard let policy = TLSPolicy(rawValue: tls.lowercased()) else {
                throw SMTPError.configuration("\(SettingKey.smtpTLS) must be require, try or off, not '\(tls)'.")
            }
            self.tls = policy
        } else {
            self.tls = Self.isLoopback(host) ? .try : .require
        }
        self.caFile = caFile
        self.username = username
        self.password = password
        self.ehloName = ehloName
        self.timeout = timeout
    }

    static func host(of url: String) -> String {
        let afterScheme = url.components(separatedBy: "://").dropFirst().joined(separator: "://")
        var host = afterScheme.split(separator: "/").first.map(String.init) ?? ""
        if let at = host.lastIndex(of: "@") { host = String(host[host.index(after: at)...]) }
        if host.hasPrefix("[") { return String(host.dropFirst().prefix { $0 != "]" }) }
        return String(host.split(separator: ":").first ?? "")
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
