import Foundation

/// The `WHEN` of `--since`: a duration back from now (`7d`, `36h`, `90m`, `2w`) or a date
/// (`2026-11-01`, taken as midnight UTC) or an RFC 3339 timestamp.
public enum TimeSpec {
    /// The instant `text` names, relative to `now`; nil when it is neither form.
    public static func parse(_ text: String, now: Date) -> Date? {
        let s = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let unit = s.last, let amount = Double(s.dropLast()), amount >= 0 {
            let seconds: Double? = switch unit {
            case "s": 1
            case "m": 60
            case "h": 3600
            case "d": 86_400
            case "w": 604_800
            default: nil
            }
            if let seconds { return now.addingTimeInterval(-amount * seconds) }
        }
        guard s.first?.isNumber == true, s.count >= 10 else { return nil }
        return FeedDate.parseISO8601(text.trimmingCharacters(in: .whitespaces))
    }
}
