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
        var url = raw.link.flatMap { $0.isEmpty ? nil : URLResolver.resolve($0, against: base) }
        if let link = url, !Self.isWebAddress(link) {
            // A `javascript:` or `data:` link, or one with a line break, never reaches a mail or a page.
            diagnostics.append(FeedDiagnostic(line: line, item: index, message: "the link '\(Self.shown(link))' is not an http(s) address; the post is kept without it"))
            url = nil
        }
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

    /// Whether a post's link may be put in a mail or a page: no control character (a CR or
    /// LF could start a header), and an `http` or `https` URL, or a relative one that no
    /// base could resolve (a feed read from a file), never `javascript:`, `data:` or the like.
    static func isWebAddress(_ link: String) -> Bool {
        guard !link.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return false }
        guard URLResolver.isAbsolute(link) else { return true }
        let parts = URLResolver.split(link)
        guard let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https" else { return false }
        return !(parts.authority ?? "").isEmpty
    }

    /// A value quoted in a diagnostic: control characters escaped, at most 80 characters.
    static func shown(_ value: String) -> String {
        let head = ControlCharacters.escaped(String(String.UnicodeScalarView(value.unicodeScalars.prefix(80))), keepingLineBreaks: false)
        return value.unicodeScalars.count > 80 ? head + "…" : head
    }

    /// Parses a date, recording a diagnostic when it is present but unreadable.
    mutating func date(_ value: String?, field: String, index: Int?, line: Int?) -> Date? {
        guard let value, !Byte.trimmed(value).isEmpty else { return nil }
        if let d = FeedDate.parse(value) { return d }
        diagnostics.append(FeedDiagnostic(line: line, item: index, message: "the \(field) date '\(value)' is not a date; it was left out"))
        return nil
    }
}

extension PostAssembler {
    /// Items per core below which a feed's posts are assembled in place: threads cost more
    /// than they save on the 10 to 50 items of a usual feed.
    static let itemsPerLane = 256

    /// The posts of `count` items, in order, and their diagnostics, in order. Items are
    /// independent of each other (cleaning, plain text, URLs and dates are most of a large
    /// feed's time), so a long feed is cut into contiguous runs assembled on every core.
    /// `make` builds item `i` with the assembler it is given and must only read shared state.
    mutating func posts(count: Int, _ make: (Int, inout PostAssembler) -> Post?) -> [Post] {
        let lanes = min(ProcessInfo.processInfo.activeProcessorCount, count / Self.itemsPerLane)
        guard lanes > 1 else {
            var posts: [Post] = []
            for i in 0..<count {
                if let post = make(i, &self) { posts.append(post) }
            }
            return posts
        }
        var runs = [(posts: [Post], diagnostics: [FeedDiagnostic])](repeating: ([], []), count: lanes)
        withoutActuallyEscaping(make) { make in
            runs.withUnsafeMutableBufferPointer { slots in
                // The XML tree and the reader are only read here, and each lane writes its
                // own slot only: what the type checker cannot see, so it is said once here.
                let shared = LaneShared(make: make, slots: slots)
                DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                    var assembler = PostAssembler()
                    var posts: [Post] = []
                    posts.reserveCapacity(count / lanes + 1)
                    for i in count * lane / lanes..<count * (lane + 1) / lanes {
                        if let post = shared.make(i, &assembler) { posts.append(post) }
                    }
                    shared.slots[lane] = (posts, assembler.diagnostics)
                }
            }
        }
        var posts: [Post] = []
        posts.reserveCapacity(count)
        for run in runs {
            posts += run.posts
            diagnostics += run.diagnostics
        }
        return posts
    }
}

/// What the lanes of `PostAssembler.posts(count:_:)` share.
private struct LaneShared: @unchecked Sendable {
    let make: (Int, inout PostAssembler) -> Post?
    let slots: UnsafeMutableBufferPointer<(posts: [Post], diagnostics: [FeedDiagnostic])>
}
