import Foundation
import NewsletterCore
import Testing

/// feedparser's historic date files (INDEX.md §1.15): the channel date of each, in UTC.
let historicDates: [(String, Date)] = [
    ("channel_pubDate_asctime.xml", utc(2004, 1, 5, 0, 29, 6)),
    ("channel_pubDate_disney.xml", utc(2004, 1, 26, 21, 31, 0)),
    ("channel_pubDate_rfc822.xml", utc(2004, 1, 1, 19, 48, 21)),
    ("channel_pubDate_rfc2822.xml", utc(2004, 1, 1, 19, 48, 21)),
    ("channel_pubDate_w3dtf_tokyo.xml", utc(2003, 12, 31, 10, 14, 55)),
    ("channel_pubDate_w3dtf_utc.xml", utc(2003, 12, 31, 10, 14, 55)),
    ("channel_pubDate_w3dtf_ymd.xml", utc(2003, 12, 31)),
    ("channel_pubDate_w3dtf_y.xml", utc(2003, 1, 1)),
    ("channel_pubDate_nosecond.xml", utc(2004, 1, 1)),
    ("channel_pubDate_notime.xml", utc(2004, 1, 1)),
    ("item_pubDate_perforce.xml", utc(2006, 9, 15, 12, 19, 53)),
    ("feed_modified_google.xml", utc(2003, 12, 31, 10, 14, 55)),
    ("feed_updated_frac_secs.xml", utc(2003, 12, 31, 10, 14, 55)),
    ("channel_pubDate_rfc2822_rollover_june_31.xml", utc(2004, 7, 1, 19, 48, 21)),
    ("channel_pubDate_w3dtf_rollover_61s.xml", utc(2003, 12, 31, 10, 15, 1)),
    ("channel_pubDate_iso8601_ymd.xml", utc(2003, 12, 31)),
    ("channel_pubDate_w3dtf_sf.xml", utc(2003, 12, 31, 18, 14, 55)),
    ("channel_pubDate_rfc822_etcgmt.xml", utc(2009, 8, 19, 18, 28, 0)),
    ("channel_pubDate_w3dtf_rollover_25h.xml", utc(2004, 1, 1, 1, 14, 55)),
    ("entry_created_w3dtf_fractional_second.xml", utc(2007, 4, 23, 13, 25, 47)),
]

@Suite(.enabled(if: Corpus.shouldRun, "../shared/corpus is not here"))
struct HistoricDateTests {
    @Test(arguments: historicDates)
    func channelOrItemDate(_ file: String, _ expected: Date) throws {
        let result = try Corpus.parse("feeds/feedparser-historic-dates/" + file)
        let found = result.feed.updated ?? result.feed.posts.first?.date
        let seconds = found.map { $0.timeIntervalSince1970.rounded(.down) }
        #expect(seconds == expected.timeIntervalSince1970, "\(file): \(String(describing: found)) \(result.diagnostics)")
    }

    @Test func everyHistoricFileReadsWithoutCrashing() throws {
        let dir = Corpus.root.appendingPathComponent("feeds/feedparser-historic-dates")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".xml") }
        #expect(files.count >= 20)
        for file in files {
            _ = try Corpus.parse("feeds/feedparser-historic-dates/" + file)
        }
    }
}
