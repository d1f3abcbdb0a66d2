import Foundation
import NewsletterCore
import Testing

/// One expectation over a corpus file: what INDEX.md says, in terms of `Feed` and `Post`.
struct CorpusCase: Sendable, CustomTestStringConvertible {
    let file: String
    var url: String? = nil
    var contentType: String? = nil
    /// Whether the document is well-formed (no diagnostics expected).
    var wellFormed: Bool? = true
    let check: @Sendable (FeedParseResult) -> Bool

    var testDescription: String { file }
}

private func first(_ r: FeedParseResult) -> Post? { r.feed.posts.first }

private let fp = "feeds/feedparser/wellformed/"

/// feedparser's conformance files (INDEX.md §1), mapped onto the normalised model: titles are
/// plain text, `summary` is plain text, `contentHTML` is cleaned HTML.
let feedparserCases: [CorpusCase] = [
    // RSS 0.9x / 2.0
    CorpusCase(file: fp + "rss/rss_version_20.xml") { $0.feed.format == .rss20 },
    CorpusCase(file: fp + "rss/rss_version_091_netscape.xml") { $0.feed.format == .rss09x },
    CorpusCase(file: fp + "rss/rss_version_092.xml") { $0.feed.format == .rss09x },
    CorpusCase(file: fp + "rss/rss_version_missing.xml") { $0.feed.format == .rss20 },
    CorpusCase(file: fp + "rss/channel_title.xml") { $0.feed.title == "Example feed" },
    CorpusCase(file: fp + "rss/channel_title_apos.xml") { $0.feed.title == "Mark's title" },
    CorpusCase(file: fp + "rss/channel_lastBuildDate_parsed.xml") { $0.feed.updated == utc(2002, 9, 7, 0, 0, 1) },
    CorpusCase(file: fp + "rss/channel_pubDate_map_updated_parsed.xml") { $0.feed.updated == utc(2004, 1, 1, 19, 48, 21) },
    CorpusCase(file: fp + "rss/item_title.xml") { first($0)?.title == "Item 1 title" },
    CorpusCase(file: fp + "rss/item_link.xml") { first($0)?.url == "http://example.com/" },
    CorpusCase(file: fp + "rss/item_description.xml") { first($0)?.summary == "Example description" },
    CorpusCase(file: fp + "rss/item_description_escaped_markup.xml") { first($0)?.contentHTML == "<p>Example description</p>" && first($0)?.summary == "Example description" },
    CorpusCase(file: fp + "rss/item_description_naked_markup.xml") { first($0)?.contentHTML == "<p>Example description</p>" },
    CorpusCase(file: fp + "rss/item_description_br.xml") { first($0)?.summary == "article title\n\narticle byline\n\ntext of article" },
    CorpusCase(file: fp + "rss/item_description_code_br.xml") { first($0)?.summary == "<br />" },
    CorpusCase(file: fp + "rss/item_description_not_a_doctype2.xml") { first($0) != nil },
    CorpusCase(file: fp + "rss/item_content_encoded.xml") { first($0)?.contentHTML == "<p>Example content</p>" },
    CorpusCase(file: fp + "rss/item_guid.xml") { first($0)?.id == "http://guid.example.com/" },
    CorpusCase(file: fp + "rss/item_guid_guidislink.xml") { first($0)?.url == first($0)?.id && first($0)?.url != nil },
    CorpusCase(file: fp + "rss/item_guid_not_permalink.xml") { first($0)?.url == nil },
    CorpusCase(file: fp + "rss/item_guid_isPermaLink_map_link.xml") { first($0)?.url == "http://guid.example.com/" },
    CorpusCase(file: fp + "rss/item_guid_conflict_link.xml") { first($0)?.url == "http://link.example.com/" },
    CorpusCase(file: fp + "rss/item_pubDate.xml") { first($0)?.published == utc(2004, 1, 1, 19, 48, 21) },
    CorpusCase(file: fp + "rss/item_pubDate_map_updated_parsed.xml") { first($0)?.published == utc(2004, 1, 1, 19, 48, 21) },
    CorpusCase(file: fp + "rss/item_dc_date_parsed.xml") { first($0)?.date == utc(2003, 12, 31, 10, 14, 55) },
    CorpusCase(file: fp + "rss/item_dc_creator.xml") { first($0)?.author == "Example editor" },
    CorpusCase(file: fp + "rss/item_author_map_author_detail_email.xml") { first($0)?.author == "Example editor" },
    CorpusCase(file: fp + "rss/item_category_multiple.xml") { first($0)?.categories.count == 2 },
    CorpusCase(file: fp + "rss/item_enclosure_url.xml") { first($0)?.image == "http://example.com/" },
    CorpusCase(file: fp + "rss/item_enclosure_multiple.xml") { first($0)?.image != nil },
    CorpusCase(file: fp + "rss/entity_in_doctype.xml") { first($0)?.id == "tag:example.com,2006-05-04:/blog/" },
    // RSS 1.0 / 0.90
    CorpusCase(file: fp + "rdf/rss_version_10.xml") { $0.feed.format == .rss10 },
    CorpusCase(file: fp + "rdf/rss_version_10_not_default_ns.xml") { $0.feed.format == .rss10 },
    CorpusCase(file: fp + "rdf/rdf_item_title.xml") { first($0)?.title == "Example title" },
    CorpusCase(file: fp + "rdf/rdf_item_link.xml") { first($0)?.url == "http://example.com/1" },
    CorpusCase(file: fp + "rdf/rdf_item_description.xml") { first($0)?.summary == "Example description" },
    CorpusCase(file: fp + "rdf/rdf_channel_title.xml") { $0.feed.title == "Example feed" },
    CorpusCase(file: fp + "rdf/rss090_item_title.xml") { first($0)?.title == "Item title" && $0.feed.format == .rss09x },
    CorpusCase(file: fp + "rdf/doctype_contains_entity_decl.xml") { _ in true },
    // Atom 1.0
    CorpusCase(file: fp + "atom10/atom10_version.xml") { $0.feed.format == .atom10 },
    CorpusCase(file: fp + "atom10/atom10_namespace.xml") { $0.feed.title == "Example Atom" },
    CorpusCase(file: fp + "atom10/feed_title.xml") { $0.feed.title == "Example Atom" },
    CorpusCase(file: fp + "atom10/feed_link_alternate_map_link.xml") { $0.feed.homePage == "http://www.example.com/" },
    CorpusCase(file: fp + "atom10/entry_title_escaped_markup.xml") { first($0)?.title == "Example Atom" },
    CorpusCase(file: fp + "atom10/entry_title_inline_markup.xml") { first($0)?.title == "Example Atom" },
    CorpusCase(file: fp + "atom10/entry_title_text_plain_brackets.xml") { first($0)?.title == "History of the <blink> tag" },
    CorpusCase(file: fp + "atom10/entry_title_base64.xml") { first($0)?.title == "Example Atom" },
    CorpusCase(file: fp + "atom10/entry_content_escaped_markup.xml") { first($0)?.contentHTML == "Example <b>Atom</b>" },
    CorpusCase(file: fp + "atom10/entry_content_inline_markup.xml") { first($0)?.contentHTML == "Example <b>Atom</b>" },
    CorpusCase(file: fp + "atom10/entry_content_inline_markup_2.xml") { first($0)?.contentHTML == "History of the &lt;blink&gt; tag" },
    CorpusCase(file: fp + "atom10/entry_content_text_plain.xml") { first($0)?.contentHTML == "Example Atom" },
    CorpusCase(file: fp + "atom10/entry_content_src.xml") { first($0)?.contentHTML == nil },
    CorpusCase(file: fp + "atom10/entry_content_base64.xml") { first($0)?.contentHTML == "Example <b>Atom</b>" },
    CorpusCase(file: fp + "atom10/entry_content_and_summary.xml") { first($0)?.summary == "Summary" },
    CorpusCase(file: fp + "atom10/entry_summary_escaped_markup.xml") { first($0)?.summary == "Example Atom" },
    CorpusCase(file: fp + "atom10/entry_id.xml") { first($0)?.id == "http://example.com/" && first($0)?.url == "http://example.com/" },
    CorpusCase(file: fp + "atom10/entry_id_no_normalization_1.xml") { first($0)?.id == "http://www.example.org/thing" },
    CorpusCase(file: fp + "atom10/entry_link_alternate_map_link.xml") { first($0)?.url == "http://www.example.com/" },
    CorpusCase(file: fp + "atom10/entry_link_no_rel.xml") { first($0)?.url != nil },
    CorpusCase(file: fp + "atom10/entry_authors_name.xml") { first($0)?.author == "one, two" },
    CorpusCase(file: fp + "atom10/entry_category_term_non_ascii.xml") { first($0)?.categories == ["Freir\u{e4}ume"] },
    CorpusCase(file: fp + "atom10/relative_uri.xml") { $0.feed.title == "Example test" },
    CorpusCase(file: fp + "atom10/ampersand_in_attr.xml") { $0.feed.title == "Example test" },
    // Atom 0.3
    CorpusCase(file: fp + "atom/feed_title.xml") { $0.feed.title == "Example Atom" && $0.feed.format == .atom03 },
    CorpusCase(file: fp + "atom/feed_modified_map_updated_parsed.xml") { $0.feed.updated == utc(2004, 1, 1, 19, 48, 21) },
    CorpusCase(file: fp + "atom/feed_updated_parsed.xml") { $0.feed.updated == utc(2003, 12, 31, 10, 14, 55) },
    CorpusCase(file: fp + "atom/entry_issued_parsed.xml") { first($0)?.published == utc(2003, 12, 31, 10, 14, 55) },
    CorpusCase(file: fp + "atom/entry_created_parsed.xml") { first($0)?.published == utc(2003, 12, 31, 10, 14, 55) },
    CorpusCase(file: fp + "atom/entry_published_parsed.xml") { first($0)?.published == utc(2003, 12, 31, 10, 14, 55) },
    CorpusCase(file: fp + "atom/entry_updated_parsed.xml") { first($0)?.updated == utc(2003, 12, 31, 10, 14, 55) },
    CorpusCase(file: fp + "atom/entry_published_parsed_date_overwriting.xml") { first($0)?.published == utc(2010, 1, 1, 19, 48, 21) },
    CorpusCase(file: fp + "atom/entry_content_mode_escaped.xml") { first($0)?.contentHTML == "Example <b>Atom</b>" },
    // xml:base and relative URIs
    CorpusCase(file: fp + "base/entry_content_xml_base.xml") { first($0)?.contentHTML?.contains("href=\"http://example.com/test/test.html\"") == true },
    CorpusCase(file: fp + "base/entry_content_xml_base_inherit_2.xml") { first($0)?.contentHTML?.contains("http://example.com/test/") == true },
    CorpusCase(file: fp + "base/entry_content_xml_base_inherit_4.xml") { first($0)?.contentHTML?.contains("http://example.com/parent/") == true },
    CorpusCase(file: fp + "base/rel_uri_with_unicode_character.xml") { first($0)?.contentHTML == "<a href=\"http://any.test/\u{c0}\">uri</a>" },
    CorpusCase(file: fp + "base/http_entry_content_base_docuri.xml", url: "http://127.0.0.1:8097/base/http_entry_content_base_docuri.xml") {
        first($0)?.contentHTML == "<div><a href=\"http://127.0.0.1:8097/relative/uri\">click here</a></div>"
    },
    CorpusCase(file: fp + "base/http_item_link_base_content_location.xml", url: "http://example.com/") { first($0)?.url == "http://example.com/relative/uri" },
    CorpusCase(file: fp + "base/http_item_description_spaces.xml", url: "http://127.0.0.1:8097/base/x.xml") {
        first($0)?.contentHTML == "<a href=\"http://127.0.0.1:8097/relative/uri\">click here</a>"
    },
    CorpusCase(file: fp + "base/unsafe_base.xml") { first($0) != nil },
    // Ampersands
    CorpusCase(file: fp + "amp/amp01.xml") { first($0)?.title == "&" },
    CorpusCase(file: fp + "amp/amp03.xml") { first($0)?.title == "&" },
    CorpusCase(file: fp + "amp/amp04.xml") { first($0)?.title == "&" },
    CorpusCase(file: fp + "amp/amp51.xml") { first($0)?.title == "&" },
    CorpusCase(file: fp + "amp/amp53.xml") { first($0)?.title == "&" },
    // Sanitizing
    CorpusCase(file: fp + "sanitize/item_description_script.xml") { first($0)?.summary == "safe description" && first($0)?.contentHTML?.contains("<script") == false },
    CorpusCase(file: fp + "sanitize/item_description_script_cdata.xml") { first($0)?.summary == "safe description" },
    CorpusCase(file: fp + "sanitize/item_content_encoded_iframe.xml") { first($0)?.contentHTML?.contains("iframe") == false },
    CorpusCase(file: fp + "sanitize/item_description_onclick.xml") {
        first($0)?.contentHTML == "<img src=\"http://www.ragingplatypus.com/i/cam-full.jpg\" />"
    },
    CorpusCase(file: fp + "sanitize/item_content_encoded_crazy.xml") { first($0)?.contentHTML?.lowercased().contains("<script") == false },
    CorpusCase(file: fp + "sanitize/item_content_encoded_script_nested_cdata.xml") { first($0)?.contentHTML?.lowercased().contains("<script") != true },
    // Namespaces, iTunes, FeedBurner, JSON
    CorpusCase(file: fp + "namespace/rss2.0withAtomNS.xml") { $0.feed.format == .rss20 },
    CorpusCase(file: fp + "namespace/rss1.0withModules.xml") { first($0)?.title == "Test Item - RSS 1.0" },
    CorpusCase(file: fp + "itunes/itunes_item_summary.xml") { first($0)?.summary == "Example summary" },
    CorpusCase(file: fp + "itunes/itunes_channel_image.xml") { $0.feed.format == .rss20 },
    CorpusCase(file: fp + "feedburner/feedburner_browserfriendly.xml") { $0.feed.format == .rss20 },
    CorpusCase(file: "feeds/feedparser/json/example.json") { $0.feed.title == "My Example Feed" && $0.feed.posts.count == 2 && $0.feed.format == .jsonFeed },
    // Entities
    CorpusCase(file: "feeds/feedparser/entities/hellip.xml") { $0.feed.title == "testing \u{2026} entity" },
    CorpusCase(file: "feeds/feedparser/entities/mdash.xml") { $0.feed.title == "testing \u{2014} entity" },
    CorpusCase(file: "feeds/feedparser/entities/nbsp.xml") { $0.feed.title == "testing \u{a0} entity" },
    CorpusCase(file: "feeds/feedparser/entities/8217.xml", wellFormed: false) { $0.feed.title == "testing \u{2019} entity" },
    CorpusCase(file: "feeds/feedparser/entities/euro.xml") { $0.feed.title == "testing \u{20ac} entity" },
    CorpusCase(file: "feeds/feedparser/entities/hex_entity_x_lowercase.xml", wellFormed: false) { first($0)?.title == "A" },
    CorpusCase(file: "feeds/feedparser/entities/doesnotexist.xml", wellFormed: false) { $0.feed.title == "testing &doesnotexist; entity" },
    CorpusCase(file: "feeds/feedparser/entities/attr_amp.xml", wellFormed: false) { $0.feed.homePage == "http://domain/?a=1&b=2" },
    // Encodings
    CorpusCase(file: "feeds/feedparser/encoding/utf-8-bom.xml") { $0.charset == "utf-8" },
    CorpusCase(file: "feeds/feedparser/encoding/utf-16le-bom.xml") { $0.charset == "utf-16le" },
    CorpusCase(file: "feeds/feedparser/encoding/utf-16be.xml") { $0.charset == "utf-16be" },
    CorpusCase(file: "feeds/feedparser/encoding/utf-32le-bom.xml") { $0.charset == "utf-32le" },
    CorpusCase(file: "feeds/feedparser/encoding/euc-kr.xml") { $0.feed.title == "\u{b144}" },
    CorpusCase(file: "feeds/feedparser/encoding/big5.xml") { $0.charset == "big5" },
    CorpusCase(file: "feeds/feedparser/encoding/http_text_xml_charset.xml", contentType: "text/xml;charset= \"us-ascii\"") { $0.charset == "us-ascii" },
    CorpusCase(file: "feeds/feedparser/encoding/http_application_xml_charset_overrides_encoding.xml", contentType: "application/xml;charset = us-ascii") { $0.charset == "us-ascii" },
    CorpusCase(file: "feeds/feedparser/encoding/http_application_atom_xml_gb2312_encoding.xml", contentType: "application/atom+xml") { $0.charset == "gb18030" },
    CorpusCase(file: "feeds/feedparser/encoding/http_i18n.xml", contentType: "application/xml") { !$0.feed.title.contains("\u{FFFD}") },
    CorpusCase(file: "feeds/feedparser/encoding/demoronize-1.xml") { first($0)?.summary == "don\u{2019}t" },
    CorpusCase(file: "feeds/feedparser/encoding/bozo_bogus_encoding.xml", wellFormed: false) { _ in true },
    // Ill-formed: read what can be read, with diagnostics
    CorpusCase(file: "feeds/feedparser/illformed/aaa_illformed.xml", wellFormed: false) { _ in true },
    CorpusCase(file: "feeds/feedparser/illformed/always_strip_doctype.xml") { $0.feed.title == "found" },
    CorpusCase(file: "feeds/feedparser/illformed/rss_incomplete_cdata.xml", wellFormed: false) { _ in true },
    CorpusCase(file: "feeds/feedparser/illformed/rss_item_link_corrupted_ampersands.xml", wellFormed: false) { first($0)?.url == "http://link/get?a=1&b=2" },
    CorpusCase(file: "feeds/feedparser/illformed/undeclared_namespace.xml", wellFormed: false) { _ in true },
    CorpusCase(file: "feeds/feedparser/illformed/rdf_channel_empty_textinput.xml", wellFormed: false) { first($0)?.title == "crashes here" },
    CorpusCase(file: "feeds/feedparser/illformed/http_high_bit_date.xml", contentType: "text/xml", wellFormed: nil) { _ in true },
    CorpusCase(file: "feeds/feedparser/illformed/chardet/big5.xml", wellFormed: false) { _ in true },
    CorpusCase(file: "feeds/feedparser/illformed/chardet/koi8r.xml", wellFormed: false) { _ in true },
]

@Suite(.enabled(if: Corpus.shouldRun, "../shared/corpus is not here"))
struct FeedparserCorpusTests {
    @Test(arguments: feedparserCases)
    func conformance(_ c: CorpusCase) throws {
        let result = try Corpus.parse(c.file, url: c.url, contentType: c.contentType)
        #expect(c.check(result), "\(c.file): \(result.feed.title) / \(result.feed.posts.first.map { "\($0)" } ?? "no post")")
        if let wellFormed = c.wellFormed {
            #expect(result.diagnostics.isEmpty == wellFormed, "\(c.file) diagnostics: \(result.diagnostics)")
        }
    }

    @Test func emptyDocumentIsOneClearError() throws {
        #expect(throws: FeedError.self) { try Corpus.parse("feeds/feedparser/illformed/rss_empty_document.xml") }
        do {
            _ = try Corpus.parse("feeds/feedparser/illformed/rss_empty_document.xml")
        } catch {
            #expect(String(describing: error).contains("rss_empty_document.xml"))
        }
    }
}
