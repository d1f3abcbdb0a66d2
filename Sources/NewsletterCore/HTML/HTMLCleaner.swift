import Foundation

/// Makes a feed's content HTML safe to put in an email or a web page and self-contained:
/// drops active content (scripts, frames, forms, event handlers, `javascript:` URLs) and
/// resolves relative URLs (`href`, `src`, `srcset`, `poster`, `cite`) against the entry's base
/// (RFC 3986 §5.2, XML Base).
public enum HTMLCleaner {
    /// The cleaned markup.
    public static func clean(_ html: String, base: String?) -> String {
        var out = ""
        out.reserveCapacity(html.utf8.count)
        var dropDepth = 0
        for token in HTMLTokenizer(html) {
            switch token {
            case .comment:
                continue
            case .text(let raw):
                if dropDepth == 0 { out += raw }
            case .startTag(let name, let attributes, let selfClosing):
                if droppedElements.contains(name) {
                    if !selfClosing && !HTMLText.voidElements.contains(name) { dropDepth += 1 }
                    continue
                }
                guard dropDepth == 0 else { continue }
                out += "<" + name
                for (attr, value) in attributes {
                    guard let kept = cleanAttribute(attr, value, base: base) else { continue }
                    out += " " + attr + "=\"" + escapeAttribute(kept) + "\""
                }
                out += selfClosing ? " />" : ">"
            case .endTag(let name):
                if droppedElements.contains(name) {
                    dropDepth = max(0, dropDepth - 1)
                } else if dropDepth == 0 {
                    out += "</" + name + ">"
                }
            }
        }
        return out
    }

    /// The absolute URL of the first `<img>` in `html`, if any.
    public static func firstImage(in html: String, base: String?) -> String? {
        for token in HTMLTokenizer(html) {
            guard case .startTag("img", let attributes, _) = token else { continue }
            func attribute(_ name: String) -> String? { attributes.first { $0.name == name }?.value }
            // Tracking pixels are not pictures.
            if attribute("width") == "1" || attribute("height") == "1" { continue }
            if let src = attribute("src"), !src.isEmpty, let safe = safeURL(src, base: base) { return safe }
        }
        return nil
    }

    static let droppedElements: Set<String> = [
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
        "button", "select", "textarea", "base", "meta", "link", "noscript", "template",
    ]
    static let urlAttributes: Set<String> = ["href", "src", "poster", "cite", "action", "background", "longdesc"]

    private static func cleanAttribute(_ name: String, _ value: String, base: String?) -> String? {
        if name.hasPrefix("on") || name == "formaction" || name.contains(":") && name != "xml:lang" { return nil }
        if urlAttributes.contains(name) { return safeURL(value, base: base) }
        if name == "srcset" {
            return value.split(separator: ",").compactMap { candidate -> String? in
                let parts = candidate.split(whereSeparator: \.isWhitespace)
                guard let url = parts.first, let resolved = safeURL(String(url), base: base) else { return nil }
                return ([resolved] + parts.dropFirst().map(String.init)).joined(separator: " ")
            }.joined(separator: ", ")
        }
        if name == "style", value.lowercased().contains("expression(") || value.lowercased().contains("url(") { return nil }
        return value
    }

    /// `value` resolved against `base`, or nil for a scheme that can run code.
    static func safeURL(_ value: String, base: String?) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        let compact = trimmed.lowercased().filter { !$0.isWhitespace }
        if compact.hasPrefix("javascript:") || compact.hasPrefix("vbscript:") { return nil }
        if compact.hasPrefix("data:"), !compact.hasPrefix("data:image/") { return nil }
        if trimmed.hasPrefix("#") { return trimmed }
        return URLResolver.resolve(trimmed, against: base)
    }

    private static func escapeAttribute(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(ch)
            }
        }
        return out
    }
}
