import Foundation

/// Makes a feed's content HTML safe to put in an email or a web page and self-contained:
/// drops active content (scripts, frames, forms, event handlers, `javascript:` URLs) and
/// resolves relative URLs (`href`, `src`, `srcset`, `poster`, `cite`) against the entry's base
/// (RFC 3986 §5.2, XML Base).
public enum HTMLCleaner {
    /// Cleaned markup, and the absolute URL of its first real picture (not a tracking pixel).
    public struct Cleaned: Sendable {
        public var html: String
        public var firstImage: String?
    }

    /// The cleaned markup.
    public static func clean(_ html: String, base: String?) -> String {
        cleanFindingImage(html, base: base).html
    }

    /// Cleans `html` and finds its first image in the same pass.
    public static func cleanFindingImage(_ html: String, base: String?) -> Cleaned {
        var tokenizer = HTMLTokenizer(html)
        let bytes = tokenizer.bytes
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var firstImage: String?
        var dropDepth = 0
        while let token = tokenizer.next() {
            switch token {
            case .comment:
                continue
            case .text(let range):
                if dropDepth == 0 { out.append(contentsOf: bytes[range]) }
            case .startTag(let name, let kind, let attributes, let selfClosing):
                if kind.contains(.dropped) {
                    if !selfClosing && !kind.contains(.void) { dropDepth += 1 }
                    continue
                }
                guard dropDepth == 0 else { continue }
                out.append(Byte.lt)
                out.append(contentsOf: name.utf8)
                var isPixel = false
                var source: String?
                for (attr, value) in attributes {
                    guard let kept = cleanAttribute(attr, value, base: base) else { continue }
                    if name == "img" {
                        if (attr == "width" || attr == "height"), value == "1" { isPixel = true }
                        if attr == "src", !kept.isEmpty { source = kept }
                    }
                    out.append(Byte.space)
                    out.append(contentsOf: attr.utf8)
                    out.append(contentsOf: "=\"".utf8)
                    appendEscapedAttribute(kept, to: &out)
                    out.append(Byte.quote)
                }
                if firstImage == nil, !isPixel, let source { firstImage = source }
                out.append(contentsOf: (selfClosing ? " />" : ">").utf8)
            case .endTag(let name, let kind):
                if kind.contains(.dropped) {
                    dropDepth = max(0, dropDepth - 1)
                } else if dropDepth == 0 {
                    out.append(contentsOf: "</".utf8)
                    out.append(contentsOf: name.utf8)
                    out.append(Byte.gt)
                }
            }
        }
        return Cleaned(html: String(decoding: out, as: UTF8.self), firstImage: firstImage)
    }


    private static func cleanAttribute(_ name: String, _ value: String, base: String?) -> String? {
        if name.hasPrefix("on") || name == "formaction" || (name.contains(":" as Character) && name != "xml:lang") { return nil }
        switch name {
        case "href", "src", "poster", "cite", "action", "background", "longdesc": return safeURL(value, base: base)
        default: break
        }
        if name == "srcset" {
            return value.split(separator: ",").compactMap { candidate -> String? in
                let parts = candidate.split(whereSeparator: \.isWhitespace)
                guard let url = parts.first, let resolved = safeURL(String(url), base: base) else { return nil }
                return ([resolved] + parts.dropFirst().map(String.init)).joined(separator: " ")
            }.joined(separator: ", ")
        }
        if name == "style" {
            let lower = value.lowercased()
            if lower.contains("expression(") || lower.contains("url(") { return nil }
        }
        return value
    }

    /// `value` resolved against `base`, or nil for a scheme that can run code.
    static func safeURL(_ value: String, base: String?) -> String? {
        let trimmed = Byte.trimmed(value)
        if let colon = trimmed.utf8.firstIndex(of: UInt8(ascii: ":")) {
            let scheme = String(decoding: trimmed.utf8[..<colon].filter { !Byte.isSpace($0) }.map(Byte.lower), as: UTF8.self)
            if scheme == "javascript" || scheme == "vbscript" { return nil }
            if scheme == "data", !trimmed.lowercased().hasPrefix("data:image/") { return nil }
        }
        if trimmed.hasPrefix("#") { return trimmed }
        return URLResolver.resolve(trimmed, against: base)
    }

    private static func appendEscapedAttribute(_ s: String, to out: inout [UInt8]) {
        for b in s.utf8 {
            switch b {
            case Byte.amp: out.append(contentsOf: "&amp;".utf8)
            case Byte.quote: out.append(contentsOf: "&quot;".utf8)
            case Byte.lt: out.append(contentsOf: "&lt;".utf8)
            case Byte.gt: out.append(contentsOf: "&gt;".utf8)
            default: out.append(b)
            }
        }
    }
}
