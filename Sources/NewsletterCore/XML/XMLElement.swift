/// One element of a leniently parsed XML document, with its namespace resolved.
///
/// Feeds are small documents, so readers walk a tree rather than a stream of events.
public final class XMLElement: @unchecked Sendable {
    /// The local name, without a prefix (`title` for `dc:title`).
    public let name: String
    /// The namespace URI the prefix resolved to, or nil for no namespace.
    public let namespace: String?
    /// The qualified name as written (`dc:title`).
    public let qualifiedName: String
    public internal(set) var attributes: [XMLAttribute]
    public internal(set) var children: [XMLNode] = []
    /// The effective `xml:base` (XML Base §4.2), already resolved against the parent's.
    public let base: String?
    /// The 1-based line where the start tag begins.
    public let line: Int

    init(name: String, namespace: String?, qualifiedName: String, attributes: [XMLAttribute], base: String?, line: Int) {
        self.name = name
        self.namespace = namespace
        self.qualifiedName = qualifiedName
        self.attributes = attributes
        self.base = base
        self.line = line
    }

    /// The value of the attribute with this local name and namespace (nil namespace: unqualified).
    public func attribute(_ name: String, namespace: String? = nil) -> String? {
        attributes.first { $0.name == name && $0.namespace == namespace }?.value
    }

    /// Child elements, in document order.
    public var elements: [XMLElement] {
        children.compactMap { if case .element(let e) = $0 { e } else { nil } }
    }

    /// The first child element with this local name in one of the given namespaces.
    public func child(_ name: String, in namespaces: Set<String?>) -> XMLElement? {
        for case .element(let e) in children where e.name == name && namespaces.contains(e.namespace) {
            return e
        }
        return nil
    }

    /// All child elements with this local name in one of the given namespaces.
    public func children(_ name: String, in namespaces: Set<String?>) -> [XMLElement] {
        elements.filter { $0.name == name && namespaces.contains($0.namespace) }
    }

    /// The concatenated character data of this element and its descendants.
    public var text: String {
        var out = ""
        appendText(to: &out)
        return out
    }

    private func appendText(to out: inout String) {
        for child in children {
            switch child {
            case .text(let t): out += t
            case .element(let e): e.appendText(to: &out)
            }
        }
    }

    /// The children serialised back to markup, for elements that carry inline XHTML or HTML.
    public var innerXML: String {
        var out = ""
        for child in children { child.serialize(to: &out) }
        return out
    }
}

/// An attribute with its namespace resolved.
public struct XMLAttribute: Sendable, Equatable {
    public let name: String
    public let namespace: String?
    public let qualifiedName: String
    public let value: String
}

/// A node of the tree: an element or character data (CDATA included).
public enum XMLNode: Sendable {
    case element(XMLElement)
    case text(String)

    func serialize(to out: inout String) {
        switch self {
        case .text(let t):
            out += XMLEscaping.escapeText(t)
        case .element(let e):
            out += "<" + e.name
            for a in e.attributes where a.qualifiedName != "xmlns" && !a.qualifiedName.hasPrefix("xmlns:") && a.namespace != XMLNamespaces.xml {
                out += " " + a.name + "=\"" + XMLEscaping.escapeAttribute(a.value) + "\""
            }
            if e.children.isEmpty, HTMLTagKind.of(e.name.lowercased()).contains(.void) {
                out += " />"
                return
            }
            out += ">"
            for c in e.children { c.serialize(to: &out) }
            out += "</" + e.name + ">"
        }
    }
}

/// Escaping for markup rebuilt from a parsed tree.
enum XMLEscaping {
    static func escapeText(_ s: String) -> String {
        guard s.contains(where: { $0 == "&" || $0 == "<" || $0 == ">" }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 8)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(ch)
            }
        }
        return out
    }

    static func escapeAttribute(_ s: String) -> String {
        escapeText(s).replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// Namespace URIs the feed readers look for.
public enum XMLNamespaces {
    public static let xml = "http://www.w3.org/XML/1998/namespace"
    public static let atom10 = "http://www.w3.org/2005/Atom"
    public static let atom03 = "http://purl.org/atom/ns#"
    public static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    public static let rss10 = "http://purl.org/rss/1.0/"
    public static let rss090 = "http://my.netscape.com/rdf/simple/0.9/"
    public static let dc = "http://purl.org/dc/elements/1.1/"
    public static let dcterms = "http://purl.org/dc/terms/"
    public static let content = "http://purl.org/rss/1.0/modules/content/"
    public static let media = "http://search.yahoo.com/mrss/"
    public static let itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd"
    /// The iTunes namespace as Apple documents it and as feeds often capitalise it.
    public static let itunesAll: Set<String?> = [itunes, "http://www.itunes.com/DTDs/Podcast-1.0.dtd"]
    public static let xhtml = "http://www.w3.org/1999/xhtml"

    /// Prefixes that real feeds use without declaring them; resolved with a diagnostic.
    static let wellKnownPrefixes: [String: String] = [
        "dc": dc, "dcterms": dcterms, "content": content, "media": media, "itunes": itunes,
        "atom": atom10, "rdf": rdf, "xhtml": xhtml,
    ]
}
