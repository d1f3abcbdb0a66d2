import Foundation

/// A post's cleaned content HTML made ready for an email body: images fit a 600-pixel
/// layout and carry alt text, links carry the campaign's UTM tags (for the blog's own
/// hosts). Input is `HTMLCleaner`'s output: safe markup with absolute URLs.
public enum EmailContent {
    /// The widest an image may be inside the 600-pixel container's padding.
    public static let maxImageWidth = 536

    /// - Parameters:
    ///   - link: what a link's `href` becomes (campaign tags, click tracking).
    ///   - alt: the alt text for an image that has none.
    public static func prepare(_ html: String, link: (String) -> String) -> String {
        var tokenizer = HTMLTokenizer(html)
        let bytes = tokenizer.bytes
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        while let token = tokenizer.next() {
            switch token {
            case .comment:
                continue
            case .text(let range):
                out.append(contentsOf: bytes[range])
            case .endTag(let name, _):
                out.append(contentsOf: Array("</\(name)>".utf8))
            case .startTag(let name, _, var attributes, let selfClosing):
                switch name {
                case "img": attributes = image(attributes)
                case "a": attributes = anchor(attributes, link: link)
                case "h1", "h2", "h3", "h4", "h5", "h6": attributes = heading(name, attributes)
                default: break
                }
                out.append(Byte.lt)
                out.append(contentsOf: name.utf8)
                for (attr, value) in attributes {
                    out.append(Byte.space)
                    out.append(contentsOf: attr.utf8)
                    out.append(contentsOf: "=\"".utf8)
                    out.append(contentsOf: HTMLEscape.text(value).utf8)
                    out.append(Byte.quote)
                }
                out.append(contentsOf: (selfClosing ? " />" : ">").utf8)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// An image's attributes for email: the author's alt text (none is decorative: `alt=""`,
    /// not the post's title, which the reader has just read above it), styled like the text
    /// around it for when images are blocked, at most `maxImageWidth` wide, scaling down on
    /// narrow screens (height follows the width).
    static func image(_ attributes: [(name: String, value: String)]) -> [(name: String, value: String)] {
        var kept = attributes.filter { !["width", "height", "style", "alt"].contains($0.name) }
        let given = attributes.first { $0.name == "width" }.flatMap { Int($0.value.filter(\.isNumber)) }
        let width = min(given ?? maxImageWidth, maxImageWidth)
        kept.append(("alt", attributes.first { $0.name == "alt" }?.value.trimmingCharacters(in: .whitespaces) ?? ""))
        kept.append(("width", String(width)))
        kept.append(("style", "display:block;width:100%;max-width:\(width)px;height:auto;border:0;" + altTextStyle))
        return kept
    }

    /// A link in the post in the newsletter's link colour, with the class its dark mode
    /// restyles (an unstyled link keeps the light teal on the dark card: 2.5:1, unreadable);
    /// the author's `style` and `class` give way.
    static func anchor(_ attributes: [(name: String, value: String)], link: (String) -> String) -> [(name: String, value: String)] {
        var kept = attributes.filter { $0.name != "style" && $0.name != "class" }.map { $0.name == "href" ? ($0.name, link($0.value)) : $0 }
        kept.append(("class", "nl-link"))
        kept.append(("style", "color:#1f6f72;text-decoration:underline;"))
        return kept
    }

    /// How alt text shows where images are blocked: like the text around it.
    static let altTextStyle = "font-family:Helvetica,Arial,sans-serif;font-size:15px;line-height:23px;color:#5f6f6e;"

    /// A post's own heading in the newsletter's type, a step below the post's title (24 px):
    /// the author's `style` and `class` give way, so no heading outweighs the title.
    static func heading(_ name: String, _ attributes: [(name: String, value: String)]) -> [(name: String, value: String)] {
        let size = ["h1": 21, "h2": 20, "h3": 18][name] ?? 16
        var kept = attributes.filter { $0.name != "style" && $0.name != "class" }
        kept.append(("class", "nl-text"))
        kept.append(("style", "margin:24px 0 8px 0;font-family:Georgia,'Times New Roman',serif;font-size:\(size)px;line-height:\(size + 6)px;"
                     + "font-weight:\(size > 16 ? "normal" : "bold");color:#1d2b2c;"))
        return kept
    }
}
