/// Whether a host name or address is one the public internet cannot reach: loopback,
/// private (RFC 1918, RFC 4193), link-local, shared (RFC 6598) or a local-only name.
enum HostAddress {
    static func kind(of host: String) -> String? {
        var h = host.lowercased()
        if h.hasPrefix("[") && h.hasSuffix("]") { h = String(h.dropFirst().dropLast()) }
        if h == "localhost" || h.hasSuffix(".localhost") { return "a loopback name" }
        for suffix in [".local", ".internal", ".lan", ".home.arpa", ".test", ".invalid"] where h.hasSuffix(suffix) || h == String(suffix.dropFirst()) {
            return "a local-only name (\(suffix))"
        }
        if !h.contains("."), !h.contains(":") { return "a name without a domain" }
        let octets = h.split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt8($0) }
        if octets.count == 4, h.split(separator: ".", omittingEmptySubsequences: false).count == 4 {
            switch (octets[0], octets[1]) {
            case (127, _): return "a loopback address"
            case (0, _): return "an unspecified address"
            case (10, _), (192, 168): return "a private address"
            case (172, 16...31): return "a private address"
            case (169, 254): return "a link-local address"
            case (100, 64...127): return "a shared (carrier-grade NAT) address"
            default: return nil
            }
        }
        if h.contains(":") {
            if h == "::1" || h == "::" { return "a loopback address" }
            if h.hasPrefix("fc") || h.hasPrefix("fd") { return "a private address" }
            if h.hasPrefix("fe8") || h.hasPrefix("fe9") || h.hasPrefix("fea") || h.hasPrefix("feb") { return "a link-local address" }
            if h.hasPrefix("::ffff:") { return kind(of: String(h.dropFirst(7))) }
        }
        return nil
    }
}
