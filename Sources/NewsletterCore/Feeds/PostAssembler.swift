import Foundation

/// The fields a format reader found for one item, before normalisation into a `Post`.
struct RawItem {
    var guid: String?
    var title: String = ""
    var link: String?
    var base: String?
    var published: String?
    var updated: String?
    var authors: [String] = []
    var categories: [String] = []
    var image: String?
    var contentHTML: String?
    var summaryHTML: String?
    /// A date the reader already has as an instant (JSON readers with exact dates).
    var publishedDate: Date?
    var updatedDate: Date?
    /// The item as written, hashed into an id when it has neither guid nor link; computed
    /// only then.
    var fingerprint: () -> String = { "" }
}

/// Normalises raw items into posts: resolves URLs, cleans HTML, parses dates, builds summaries.
struct PostAssembler {
    /// Summaries are cut to this many characters.
    static let summaryLimit = 300

    var diagnostics: [FeedDiagnostic] = []

    mutating func post(from raw: RawItem, index: Int, line: Int? = nil) -> Post? {
        let base = raw.base
        let url = raw.link.flatMap { $0.isEmpty ? nil : URLResolver.resolve($0, against: base) }
        let title = HTMLText.collapseWhitespace(raw.title)
        let guid = raw.guid.map(Byte.trimmed).flatMap { $0.isEmpty ? nil : $0 }
        let cleaned = raw.contentHTML.flatMap { html -> HTMLCleaner.Cleaned? in
            let trimmed = Byte.trimmed(html)
            return trimmed.isEmpty ? nil : HTMLCleaner.cleanFindingImage(trimmed, base: base)
        }
        let content = cleaned?.html
        let summarySource = raw.summaryHTML.flatMap { Byte.trimmed($0).isEmpty ? nil : $0 } ?? content
        let summary = summarySource.map { HTMLText.excerpt(HTMLText.plainText($0, limit: Self.summaryLimit), limit: Self.summaryLimit) } ?? ""
        let published = raw.publishedDate ?? date(raw.published, field: "published", index: index, line: line)
        let updated = raw.updatedDate ?? date(raw.updated, field: "updated", index: index, line: line)
        var id = guid ?? url
        if id == nil {
            let fingerprint = Byte.trimmed(raw.fingerprint())
            if !fingerprint.isEmpty { id = "urn:newsletter:item:" + StableHash.fnv1a64(fingerprint) }
        }
        guard let id else {
            diagnostics.append(FeedDiagnostic(line: line, item: index, message: "skipped an empty item"))
            return nil
        }
        let image = raw.image.flatMap { $0.isEmpty ? nil : HTMLCleaner.safeURL($0, base: base) } ?? cleaned?.firstImage
        var categories: [String] = []
        for c in raw.categories {
            let name = HTMLText.collapseWhitespace(c)
            if !name.isEmpty, !categories.contains(name) { categories.append(name) }
        }
        let authors = raw.authors.map(HTMLText.collapseWhitespace).filter { !$0.isEmpty }
        return Post(
            id: id, title: title, url: url, published: published, updated: updated,
            author: authors.isEmpty ? nil : authors.joined(separator: ", "),
            categories: categories, image: image, contentHTML: content, summary: summary
        )
    }

    /// Parses a date, recording a diagnostic when it is present but unreadable.
    mutating func date(_ value: String?, field: String, index: Int?, line: Int?) -> Date? {
        guard let value, !Byte.trimmed(value).isEmpty else { return nil }
        if let d = FeedDate.parse(value) { return d }
        diagnostics.append(FeedDiagnostic(line: line, item: index, message: "the \(field) date '\(value)' is not a date; it was left out"))
        return nil
    }
}
