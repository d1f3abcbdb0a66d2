/// One element of a leniently parsed XML document, with its namespace resolved.
///
/// Feeds are small documents, so readers walk a tree rather than a stream of events.
public final class XMLTreeElement: @unchecked Sendable {
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
    public var elements: [XMLTreeElement] {
        children.compactMap { if case .element(let e) = $0 { e } else { nil } }
    }

    /// The first child element with this local name in one of the given namespaces.
    public func child(_ name: String, in namespaces: Set<String?>) -> XMLTreeElement? {
        for case .element(let e) in children where e.name == name && namespaces.contains(e.namespace) {
            return e
        }
        return nil
    }

    /// All child elements with this local name in one of the given namespaces.
    public func children(_ name: String, in namespaces: Set<String?>) -> [XMLTreeElement] {
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
