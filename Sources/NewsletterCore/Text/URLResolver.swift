import Foundation

/// Reference resolution of RFC 3986 §5.2, on strings, so that IRIs with non-ASCII
/// characters (RFC 3987) resolve as written instead of failing to parse.
public enum URLResolver {
    struct Parts {
        var scheme: String?
        var authority: String?
        var path: String
        var query: String?
        var fragment: String?
    }

    /// Resolves `reference` against `base` (RFC 3986 §5.2.2). An absolute reference is
    /// returned unchanged; an empty base leaves the reference as it is.
    public static func resolve(_ reference: String, against base: String?) -> String {
        let reference = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let base, !base.isEmpty else { return reference }
        let r = split(reference)
        if r.scheme != nil { return reference }
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

    /// Whether `s` starts with a scheme (`http:`, `mailto:`), i.e. is absolute.
    public static func isAbsolute(_ s: String) -> Bool { split(s).scheme != nil }

    static func split(_ s: String) -> Parts {
        var rest = s[...]
        var parts = Parts(path: "")
        if let hash = rest.firstIndex(of: "#") {
            parts.fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let q = rest.firstIndex(of: "?") {
            parts.query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        if let colon = rest.firstIndex(of: ":"), let first = rest.first, first.isASCII, first.isLetter {
            let candidate = rest[..<colon]
            if candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }) {
                parts.scheme = String(candidate)
                rest = rest[rest.index(after: colon)...]
            }
        }
        if rest.hasPrefix("//") {
            let afterSlashes = rest.dropFirst(2)
            let end = afterSlashes.firstIndex(of: "/") ?? afterSlashes.endIndex
            parts.authority = String(afterSlashes[..<end])
            rest = afterSlashes[end...]
        }
        parts.path = String(rest)
        return parts
    }

    private static func merge(base: Parts, path: String) -> String {
        if base.authority != nil, base.path.isEmpty { return "/" + path }
        guard let slash = base.path.lastIndex(of: "/") else { return path }
        return String(base.path[...slash]) + path
    }

    /// RFC 3986 §5.2.4.
    static func removeDotSegments(_ path: String) -> String {
        guard path.contains(".") else { return path }
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
