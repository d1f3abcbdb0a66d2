import Foundation

/// `postgres://user[:password]@host[:port]/dbname[?sslmode=disable|require|verify-full]`
/// (SPEC `NEWSLETTER_DB`), read once; the password may come from elsewhere.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    public enum SSLMode: String, Sendable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: SSLMode

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// True for a `postgres://` or `postgresql://` URL.
    public static func isPostgres(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    public init(_ text: String) throws {
        func fail(_ why: String) -> Invalid {
            Invalid(description: "NEWSLETTER_DB '\(Self.redacted(text))' is not a PostgreSQL URL such as postgres://newsletter@127.0.0.1:5432/newsletter: \(why).")
        }
        guard let scheme = text.range(of: "://"), Self.isPostgres(text) else { throw fail("it must start with postgres://") }
        var rest = Substring(text[scheme.upperBound...])
        var query = ""
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        guard let slash = rest.firstIndex(of: "/") else { throw fail("it names no database after the host") }
        let database = String(rest[rest.index(after: slash)...]).removingPercentEncoding ?? ""
        guard !database.isEmpty else { throw fail("it names no database after the host") }
        var authority = rest[..<slash]
        var user = ""
        var password: String?
        if let at = authority.lastIndex(of: "@") {
            let info = authority[..<at]
            authority = authority[authority.index(after: at)...]
            if let colon = info.firstIndex(of: ":") {
                user = String(info[..<colon]).removingPercentEncoding ?? ""
                password = String(info[info.index(after: colon)...]).removingPercentEncoding
            } else {
                user = String(info).removingPercentEncoding ?? ""
            }
        }
        guard !user.isEmpty else { throw fail("it names no user before '@'") }
        var host = String(authority)
        var port = 5432
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()), (1...65535).contains(p) else { throw fail("its port is not a number from 1 to 65535") }
                port = p
            }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            guard let p = Int(host[host.index(after: colon)...]), (1...65535).contains(p) else { throw fail("its port is not a number from 1 to 65535") }
            port = p
            host = String(host[..<colon])
        }
        guard !host.isEmpty else { throw fail("it names no host") }
        var mode = SSLMode.prefer
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if parts[0] == "sslmode" {
                guard let m = SSLMode(rawValue: parts[1]) else { throw fail("sslmode must be disable, prefer, require or verify-full, not '\(parts[1])'") }
                mode = m
            }
        }
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.sslMode = mode
    }

    /// The URL without its password, for messages.
    public var description: String {
        "postgres://\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }

    static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].lastIndex(of: "@") else { return text }
        let info = text[scheme.upperBound..<at]
        guard let colon = info.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}
