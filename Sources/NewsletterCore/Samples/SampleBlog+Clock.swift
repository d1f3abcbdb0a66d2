import Foundation

extension SampleBlog {
    /// The newest post's date as written in `feedXML`: Thursday 2026-11-26 14:00 UTC.
    public static let newestPostDate = Date(timeIntervalSince1970: 1_795_701_600)

    private static let week: TimeInterval = 7 * 24 * 3600

    /// Whole weeks the sample's dates move forward to read as a live blog at `now`: none
    /// while its newest post is less than a week old (or still ahead), else enough that the
    /// newest post falls within the week before `now`, on the same weekday and hour.
    public static func weeksAhead(at now: Date) -> Int {
        let age = now.timeIntervalSince(newestPostDate)
        return age < week ? 0 : Int((age / week).rounded(.down))
    }

    /// The sample feed as it reads at `now`. A first digest looks back one week, so a
    /// sample with fixed dates would go stale a week after it was written; this one keeps
    /// its weekly rhythm instead: every `pubDate` and the `lastBuildDate` move on by
    /// `weeksAhead(at:)` weeks, so its newest post is always within the past week. Post ids
    /// do not change, so a post that went out once is never new again.
    public static func liveFeedXML(at now: Date) -> String {
        let weeks = weeksAhead(at: now)
        guard weeks > 0 else { return feedXML }
        let shift = Double(weeks) * week
        var out = ""
        out.reserveCapacity(feedXML.utf8.count)
        var rest = Substring(feedXML)
        while let open = rest.range(of: "Date>") {
            // Only the contents of <pubDate> and <lastBuildDate> elements are dates.
            let head = rest[..<open.upperBound]
            out += head
            rest = rest[open.upperBound...]
            guard head.hasSuffix("<pubDate>") || head.hasSuffix("<lastBuildDate>"),
                  let close = rest.range(of: "</"), let date = FeedDate.parse(String(rest[..<close.lowerBound])) else { continue }
            out += RFC5322Date.string(date.addingTimeInterval(shift))
            rest = rest[close.lowerBound...]
        }
        out += rest
        return out
    }
}
