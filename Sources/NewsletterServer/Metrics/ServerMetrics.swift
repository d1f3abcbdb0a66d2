import Foundation
import Prometheus

/// What `serve` counts for Prometheus (`GET /metrics`, text format 0.0.4): requests by
/// route and status with their latency, and what the list and the reports did.
public final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()

    /// Request latency buckets, in seconds.
    static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    public init() {
        // Every counter is there from the start, at 0, so a rate() has a first point.
        for name in Self.counters.keys.sorted() { _ = counter(name) }
        for provider in ["mailgun", "postmark", "sendgrid", "ses"] { _ = webhookFailures(provider) }
    }

    static let counters: [String: String] = [
        "newsletter_signups_total": "Sign-ups through the form or its JSON (new or again pending).",
        "newsletter_confirmations_total": "Subscriptions confirmed through their link.",
        "newsletter_unsubscribes_total": "Unsubscribes through a link, the one-click header or the preferences page.",
        "newsletter_bounces_processed_total": "Bounces that webhooks reported and that changed a subscriber (hard, or soft counted).",
        "newsletter_complaints_processed_total": "Spam complaints that webhooks reported and that changed a subscriber.",
    ]

    private func counter(_ name: String) -> Counter {
        registry.makeCounter(descriptor: MetricNameDescriptor(metricName: name, helpText: Self.counters[name]))
    }

    private func webhookFailures(_ provider: String) -> Counter {
        registry.makeCounter(descriptor: MetricNameDescriptor(metricName: "newsletter_webhook_verifications_failed_total",
                                                              helpText: "Webhook requests refused: bad signature, token, time or body."),
                             labels: [("provider", provider)])
    }

    /// One answered request: its route (the pattern, never a token), method and status.
    public func request(route: String, method: String, status: Int, seconds: Double) {
        registry.makeCounter(descriptor: MetricNameDescriptor(metricName: "newsletter_http_requests_total", helpText: "HTTP requests answered."),
                             labels: [("route", route), ("method", method), ("status", String(status))]).increment()
        registry.makeValueHistogram(descriptor: MetricNameDescriptor(metricName: "newsletter_http_request_duration_seconds",
                                                                     helpText: "Time to answer an HTTP request."),
                                    labels: [("route", route)], buckets: Self.buckets).record(seconds)
    }

    public func signUp() { counter("newsletter_signups_total").increment() }
    public func confirmation() { counter("newsletter_confirmations_total").increment() }
    public func unsubscribe() { counter("newsletter_unsubscribes_total").increment() }
    public func webhookRefused(_ provider: String) { webhookFailures(provider).increment() }

    /// A webhook event applied: bounces and complaints that changed someone.
    public func processed(_ action: String) {
        switch action {
        case "bounced", "soft-bounce": counter("newsletter_bounces_processed_total").increment()
        case "complained": counter("newsletter_complaints_processed_total").increment()
        case "unsubscribed": counter("newsletter_unsubscribes_total").increment()
        default: break
        }
    }

    /// The exposition text.
    public func text() -> [UInt8] { registry.emitToBuffer() }

    /// The route a path belongs to, as the router names it: tokens and ids never become
    /// label values (each would be a series of its own).
    public static func route(_ path: String) -> String {
        let fixed = ["/healthz", "/subscribe", "/archive", "/archive/feed.xml", "/metrics", "/admin/report"]
        if fixed.contains(path) { return path }
        for prefix in ["/confirm/", "/unsubscribe/", "/preferences/", "/archive/", "/r/"] where path.hasPrefix(prefix) { return prefix + ":token" }
        if path.hasPrefix("/webhooks/") {
            let provider = path.dropFirst("/webhooks/".count)
            return ["mailgun", "postmark", "sendgrid", "ses"].contains(String(provider)) ? path : "/webhooks/:provider"
        }
        if path == "/admin" || path.hasPrefix("/admin/") { return "/admin" }
        return "other"
    }
}
