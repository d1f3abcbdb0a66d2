/// The pages `newsletter serve` renders: each is `web-<raw value>.html.mustache` inside
/// `web-page.html.mustache`.
public enum WebPage: String, Sendable, CaseIterable {
    case subscribe
    case subscribeSent = "subscribe-sent"
    case confirm, confirmed, unsubscribe, unsubscribed, preferences, archive, error

    /// Why the error page is shown: each sets its own flag, and the page its words.
    public enum Failure: String, Sendable, CaseIterable {
        case invalid, expired, used, broken
        case notFound = "not_found"
        case tooLarge = "too_large"
        case tooMany = "too_many"
    }
}
