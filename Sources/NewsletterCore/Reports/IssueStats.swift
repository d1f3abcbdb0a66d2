/// What one issue did (SPEC `report --json`'s issue fields).
public struct IssueStats: Sendable, Equatable {
    /// Copies queued for it.
    public var recipients = 0
    /// Accepted by the receiving server.
    public var delivered = 0
    /// Waiting for a retry after a 4xx.
    public var deferred = 0
    /// Given up after retries (not a bounce).
    public var failed = 0
    /// Refused for good: a 5xx at send time, or a hard bounce report later.
    public var bouncedHard = 0
    /// Soft bounce reports (full mailbox, greylisting…).
    public var bouncedSoft = 0
    /// Spam complaints (ARF, webhooks) about this issue.
    public var complaints = 0
    /// People who unsubscribed through this issue's links or one-click header.
    public var unsubscribes = 0
    /// Copies whose fate a crash hid (maybe delivered, not resent).
    public var unknown = 0
    /// Followed links (`/r/…`), counted only while click tracking is on; nil when it is off.
    public var clicks: Int?

    public init() {}
}

/// A day's status changes of the consent log: how many went from `old` to `new`.
public struct StatusChangeDay: Sendable, Equatable {
    /// `2026-11-27` (UTC).
    public var day: String
    public var old: SubscriberStatus?
    public var new: SubscriberStatus?
    public var count: Int

    public init(day: String, old: SubscriberStatus?, new: SubscriberStatus?, count: Int) {
        self.day = day
        self.old = old
        self.new = new
        self.count = count
    }
}

/// The list over one ISO week (SPEC `report --json`'s weeks).
public struct WeekStats: Sendable, Equatable {
    public var week: String
    public var confirmedNew = 0
    public var unsubscribed = 0
    public var bounced = 0
    public var complained = 0
    /// Confirmed subscribers at the end of the week.
    public var totalConfirmed = 0

    public init(week: String) { self.week = week }

    /// The weeks the log's days fall in, oldest first, with the running total.
    public static func weeks(from days: [StatusChangeDay]) -> [WeekStats] {
        var byWeek: [String: WeekStats] = [:]
        var deltas: [String: Int] = [:]
        for change in days {
            guard let date = FeedDate.parseISO8601(change.day + "T12:00:00Z") else { continue }
            let week = ISOWeek.string(date)
            var stats = byWeek[week] ?? WeekStats(week: week)
            if change.new == .confirmed, change.old != .confirmed { stats.confirmedNew += change.count }
            if change.new == .unsubscribed, change.old != .unsubscribed { stats.unsubscribed += change.count }
            if change.new == .bounced, change.old != .bounced { stats.bounced += change.count }
            if change.new == .complained, change.old != .complained { stats.complained += change.count }
            byWeek[week] = stats
            let delta = (change.new == .confirmed ? 1 : 0) - (change.old == .confirmed ? 1 : 0)
            if change.new != change.old { deltas[week, default: 0] += delta * change.count }
        }
        var total = 0
        return byWeek.keys.sorted().map { week in
            var stats = byWeek[week]!
            total += deltas[week] ?? 0
            stats.totalConfirmed = total
            return stats
        }
    }
}
