

/// A node of the tree: an element or character data (CDATA included).
public enum XMLNode: Sendable {
    case element(XMLTreeElement)
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
