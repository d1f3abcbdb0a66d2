import Foundation

/// Reference resolution of RFC 3986 §5.2, on strings, so that IRIs with non-ASCII
/// characters (RFC 3987) resolve as written instead of failing to parse.
public enum URLResolver {
    /// The five components of a URI reference (RFC 3986 §3).
    public struct Parts: Sendable {
        public var scheme: String?
        public var authority: String?
        public var path: String
        public var query: String?
        public var fragment: String?
    }

    /// Resolves `reference` against `base` (RFC 3986 §5.2.2). An absolute reference is
    /// returned unchanged; an empty base leaves the reference as it is.
    public static func resolve(_ reference: String, against base: String?) -> String {
        let reference = Byte.trimmed(reference)
        guard let base, !base.isEmpty, !isAbsolute(reference) else { return reference }
        if let origin = originForPath(reference, base: base) { return origin + reference }
        let r = split(reference)
        let b = split(base)
        guard b.scheme != nil else { return reference }
        var t = Parts(scheme: b.scheme, authority: nil, path: "", query: nil, fragment: r.fragment)
        if r.authority != nil {
            t.authority = r.authority
            t.path = removeDotSegments(r.path)
            t.query = r.query
        } else {
            t.authority = b.authority
            if r.path.isEmpty {
                t.path = b.path
                t.query = r.query ?? b.query
            } else {
                if r.path.hasPrefix("/") {
                    t.path = removeDotSegments(r.path)
                } else {
                    t.path = removeDotSegments(merge(base: b, path: r.path))
                }
                t.query = r.query
            }
        }
        return recompose(t)
    }

    /// The common case in one pass: a path-absolute reference (`/p/1?x#y`) with no dot
    /// segment against a base with an authority resolves to the base's `scheme://authority`
    /// followed by the reference as it is; nil for anything else.
    private static func originForPath(_ reference: String, base: String) -> Substring? {
        let r = reference.utf8
        guard r.first == UInt8(ascii: "/"), r.dropFirst().first != UInt8(ascii: "/") else { return nil }
        var previous: UInt8 = 0
        for b in r {
            if b == UInt8(ascii: "?") || b == UInt8(ascii: "#") { break }
            if previous == UInt8(ascii: "/"), b == UInt8(ascii: ".") { return nil }
            previous = b
        }
        guard let colon = schemeEnd(base) else { return nil }
        let u = base.utf8
        let afterColon = u.index(after: colon)
        guard u[afterColon...].starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")]) else { return nil }
        let authorityStart = u.index(afterColon, offsetBy: 2)
        let end = u[authorityStart...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? u.endIndex
        return base[..<end]
    }

    /// Whether `s` starts with a scheme (`http:`, `mailto:`), i.e. is absolute.
    public static func isAbsolute(_ s: String) -> Bool { schemeEnd(s) != nil }

    /// The index of the `:` that ends a scheme (RFC 3986 §3.1), if `s` starts with one.
    private static func schemeEnd(_ s: String) -> String.Index? {
        let utf8 = s.utf8
        guard let first = utf8.first, Byte.isLetter(first) else { return nil }
        var i = utf8.index(after: utf8.startIndex)
        while i < utf8.endIndex {
            let b = utf8[i]
            if b == UInt8(ascii: ":") { return i }
            guard Byte.isLetter(b) || Byte.isDigit(b) || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") else { return nil }
            i = utf8.index(after: i)
        }
        return nil
    }

    /// Splits a URI reference into its components (RFC 3986 Appendix B).
    public static func split(_ s: String) -> Parts {
        var parts = Parts(path: "")
        let utf8 = s.utf8
        var end = utf8.endIndex
        if let hash = utf8.firstIndex(of: UInt8(ascii: "#")) {
            parts.fragment = String(s[utf8.index(after: hash)...])
            end = hash
        }
        if let q = utf8[..<end].firstIndex(of: UInt8(ascii: "?")) {
            parts.query = String(s[utf8.index(after: q)..<end])
            end = q
        }
        var start = utf8.startIndex
        if let colon = schemeEnd(s), colon < end {
            parts.scheme = String(s[..<colon])
            start = utf8.index(after: colon)
        }
        let rest = utf8[start..<end]
        if rest.starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")]) {
            let authorityStart = utf8.index(start, offsetBy: 2)
            let authorityEnd = utf8[authorityStart..<end].firstIndex(of: UInt8(ascii: "/")) ?? end
            parts.authority = String(s[authorityStart..<authorityEnd])
            start = authorityEnd
        }
        parts.path = String(s[start..<end])
        return parts
    }

    private static func merge(base: Parts, path: String) -> String {
        if base.authority != nil, base.path.isEmpty { return "/" + path }
        guard let slash = base.path.lastIndex(of: "/") else { return path }
        return String(base.path[...slash]) + path
    }

    /// RFC 3986 §5.2.4.
    static func removeDotSegments(_ path: String) -> String {
        guard path.contains("." as Character) else { return path }
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let absolute = path.hasPrefix("/")
        for (i, segment) in segments.enumerated() {
            if absolute && i == 0 { continue }
            let isLast = i == segments.count - 1
            switch segment {
            case ".":
                if isLast { output.append("") }
            case "..":
                if !output.isEmpty { output.removeLast() }
                if isLast { output.append("") }
            default:
                output.append(segment)
            }
        }
        return (absolute ? "/" : "") + output.joined(separator: "/")
    }

    private static func recompose(_ p: Parts) -> String {
        var out = ""
        if let s = p.scheme { out += s + ":" }
        if let a = p.authority { out += "//" + a }
        out += p.path
        if let q = p.query { out += "?" + q }
        if let f = p.fragment { out += "#" + f }
        return out
    }
}
