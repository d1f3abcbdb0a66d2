import Foundation

/// Reads a feed document of any supported format, detected from its content.
public enum FeedParser {
    /// Parses `data` as a feed.
    ///
    /// - Parameters:
    ///   - data: the document's bytes, in any charset the reader knows.
    ///   - source: how to name the document in errors (a URL or a path).
    ///   - url: the document's URL, against which relative links resolve.
    ///   - contentType: the HTTP `Content-Type`, whose `charset` takes part in decoding (RFC 7303 §3).
    /// - Returns: the feed and the diagnostics of what could not be read.
    /// - Throws: `FeedError` when the document is empty or not a feed at all.
    public static func parse(_ data: Data, source: String, url: String? = nil, contentType: String? = nil) throws -> FeedParseResult {
        let bytes = [UInt8](data)
        guard bytes.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else {
            throw FeedError.empty(source: source)
        }
        let decoded = CharsetDecoder.decode(bytes, httpCharset: contentType.flatMap(charset(in:)))
        var diagnostics = decoded.problems.map { FeedDiagnostic(message: $0) }
        let text = decoded.utf8
        guard let first = text.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else {
            throw FeedError.empty(source: source)
        }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            let json: Any
            do {
                json = try JSONSerialization.jsonObject(with: Data(text), options: [.fragmentsAllowed])
            } catch {
                throw FeedError.malformedJSON(source: source, detail: jsonErrorDetail(error))
            }
            guard let format = JSONFeedReader.format(of: json) else {
                throw FeedError.notAFeed(source: source, found: "it is JSON without the fields of a JSON Feed or of WordPress posts")
            }
            var reader = JSONFeedReader(json: json, documentURL: url)
            let feed = reader.read(as: format)
            return FeedParseResult(feed: feed, diagnostics: diagnostics + reader.assembler.diagnostics, charset: decoded.charset)
        }
        guard first == UInt8(ascii: "<") else {
            let start = String(decoding: text.prefix(40), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw FeedError.notAFeed(source: source, found: "it starts with '\(start.prefix(30))'")
        }
        let xml = LenientXMLParser.parse(text, documentURL: url)
        if let refused = xml.refused { throw FeedError.refused(source: source, reason: refused) }
        diagnostics += xml.problems.map { FeedDiagnostic(line: $0.line, message: $0.message) }
        guard let root = xml.root else {
            let detail = xml.problems.first.map { "line \($0.line): \($0.message)" } ?? "no root element"
            throw FeedError.notAFeed(source: source, found: "it is not XML (\(detail))")
        }
        let ns = root.namespace
        let isRSS = root.name == "rss" || (root.name == "RDF" && ns == XMLNamespaces.rdf) || (root.name == "channel" && ns == nil)
        // A <feed> without a namespace is read as Atom too, as feedparser does.
        let isAtom = root.name == "feed" && (ns == XMLNamespaces.atom10 || ns == XMLNamespaces.atom03 || ns == nil)
        if isRSS {
            var reader = RSSReader(root: root, documentURL: url)
            let feed = reader.read()
            return FeedParseResult(feed: feed, diagnostics: diagnostics + reader.assembler.diagnostics, charset: decoded.charset)
        }
        if isAtom {
            var reader = AtomReader(root: root, documentURL: url)
            let feed = reader.read()
            return FeedParseResult(feed: feed, diagnostics: diagnostics + reader.assembler.diagnostics, charset: decoded.charset)
        }
        if root.name.lowercased() == "html" {
            throw FeedError.notAFeed(source: source, found: "it is an HTML page")
        }
        throw FeedError.notAFeed(source: source, found: "its root element is <\(root.qualifiedName)>")
    }

    /// The `charset` parameter of a Content-Type value (RFC 9110 §8.3).
    static func charset(in contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else { continue }
            let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
            return value.isEmpty ? nil : value
        }
        return nil
    }

    private static func jsonErrorDetail(_ error: Error) -> String {
        let ns = error as NSError
        if let debug = ns.userInfo["NSDebugDescription"] as? String { return debug }
        return ns.localizedDescription
    }
}
