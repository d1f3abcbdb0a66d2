import Foundation
import HTTPTypes
import Hummingbird
import NewsletterCore

extension WebApp {
    /// `GET /preferences/{token}`: the person's settings as a form; it changes nothing.
    func preferencesPage(_ token: String) async throws -> Response {
        guard let email = subscriptions.preferencesClaim(token, now: now()) else { return errorPage(.invalid, status: .badRequest) }
        guard let subscriber = try await subscriptions.subscriber(email) else { return errorPage(.invalid, status: .badRequest) }
        return preferences(subscriber)
    }

    /// `POST /preferences/{token}`: saves cadence, a pause (1 or 3 months, or resume) and
    /// name, or unsubscribes (`action=unsubscribe`); each change is in the consent log.
    func savePreferences(_ request: Request, token: String, context: WebContext) async throws -> Response {
        guard let body = await collect(request) else { return errorPage(.tooLarge, status: .contentTooLarge) }
        guard let email = subscriptions.preferencesClaim(token, now: now()) else { return errorPage(.invalid, status: .badRequest) }
        guard let subscriber = try await subscriptions.subscriber(email) else { return errorPage(.invalid, status: .badRequest) }
        let fields = FormBody.fields(String(buffer: body), contentType: request.headers[.contentType])
        let evidence = ChangeContext(ip: clientAddress(request, context: context), userAgent: request.headers[.userAgent].map { String($0.prefix(300)) })
        if fields["action"] == "unsubscribe" {
            try await subscriptions.unsubscribe(email, source: .web, now: now())
            metrics.unsubscribe()
            return page(.unsubscribed)
        }
        var change = PreferenceChange()
        if let text = fields["cadence"] {
            guard let cadence = Cadence(rawValue: text) else { return preferences(subscriber, error: true, status: .badRequest) }
            change.cadence = cadence
        }
        switch fields["pause"] ?? "keep" {
        case "keep": break
        case "1m": change.pause = .until(Self.months(1, after: now()))
        case "3m": change.pause = .until(Self.months(3, after: now()))
        case "resume": change.pause = .resume
        default: return preferences(subscriber, error: true, status: .badRequest)
        }
        if let name = fields["name"] { change.name = String(name.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200)) }
        if !settings.topics.isEmpty, fields["topics_shown"] != nil {
            let ticked = FormBody.all("topics", in: String(buffer: body), contentType: request.headers[.contentType])
            guard ticked.allSatisfy({ settings.topics.topic($0) != nil }) else { return preferences(subscriber, error: true, status: .badRequest) }
            // Nothing ticked: asked whether they mean to leave; nothing saved.
            if ticked.isEmpty { return preferences(subscriber, askLeave: true) }
            change.topics = try? settings.topics.normalize(ticked)
        }
        switch try await subscriptions.changePreferences(email, change, source: .web, context: evidence, now: now()) {
        case .saved(let updated): return preferences(updated, saved: true)
        case .notOnList(let unchanged): return preferences(unchanged)
        }
    }

    /// The preferences page for `subscriber`.
    func preferences(_ subscriber: Subscriber, saved: Bool = false, error: Bool = false, askLeave: Bool = false,
                     status: HTTPResponse.Status = .ok) -> Response {
        let paused = subscriber.isPaused(at: now())
        var view = PageContent.PreferencesView(email: subscriber.email, name: subscriber.name ?? "", cadence: subscriber.cadence,
                                               pausedUntil: paused ? subscriber.pausedUntil.map(DigestRenderer.longDate) : nil, paused: paused,
                                               active: subscriber.status.mayChangeSettings, statusWords: Self.statusWords(subscriber.status),
                                               saved: saved, error: error)
        view.topics = PageContent.TopicChoice.list(settings.topics, followed: subscriber.topics)
        view.askLeave = askLeave
        return page(.preferences(view), status: status)
    }

    static func statusWords(_ status: SubscriberStatus) -> String {
        switch status {
        case .pending: "waiting for you to confirm"
        case .confirmed: "subscribed"
        case .unsubscribed: "unsubscribed"
        case .bounced: "stopped because mail to it bounced"
        case .complained: "stopped after a spam report"
        }
    }

    /// `months` calendar months after `date` (UTC), the same time of day.
    static func months(_ months: Int, after date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(byAdding: .month, value: months, to: date) ?? date.addingTimeInterval(Double(months) * 30 * 86_400)
    }
}
