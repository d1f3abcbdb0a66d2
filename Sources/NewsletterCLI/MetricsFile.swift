import Foundation
import NewsletterCore

/// `--metrics-file FILE`: a run's figures in Prometheus' text format for node_exporter's
/// textfile collector, written to a temporary file and renamed into place, so the collector
/// never reads half a file.
struct MetricsFile {
    struct Gauge {
        var name: String
        var help: String
        var value: Double
    }

    static func write(_ gauges: [Gauge], to path: String) throws {
        var text = ""
        for gauge in gauges {
            text += "# HELP \(gauge.name) \(gauge.help)\n# TYPE \(gauge.name) gauge\n"
            let value = gauge.value.rounded() == gauge.value && abs(gauge.value) < 1e15 ? String(Int64(gauge.value)) : String(gauge.value)
            text += "\(gauge.name) \(value)\n"
        }
        let temporary = path + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
            throw CLIError("The metrics file \(path) cannot be written (is its folder there, and writable?).")
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CLIError("The metrics file \(path) cannot be written: \(String(cString: strerror(errno))).")
        }
    }
}

/// What the deliveries of one `newsletter send` added up to, from its events.
final class SendTotals: @unchecked Sendable {
    private let lock = NSLock()
    private var summary = SendSummary()

    func add(_ s: SendSummary) {
        lock.withLock {
            summary.sent += s.sent
            summary.bounced += s.bounced
            summary.failed += s.failed
            summary.deferred += s.deferred
            summary.inFlight += s.inFlight
            summary.seconds += s.seconds
        }
    }

    var total: SendSummary { lock.withLock { summary } }

    func gauges(success: Bool, seconds: Double, now: Date) -> [MetricsFile.Gauge] {
        let s = total
        return [
            .init(name: "newsletter_send_copies_sent", help: "Copies the last newsletter send delivered.", value: Double(s.sent)),
            .init(name: "newsletter_send_copies_deferred", help: "Copies the last send left for a later run (4xx).", value: Double(s.deferred)),
            .init(name: "newsletter_send_copies_failed", help: "Copies the last send could not deliver.", value: Double(s.failed)),
            .init(name: "newsletter_send_copies_bounced", help: "Copies refused for good (5xx) in the last send.", value: Double(s.bounced)),
            .init(name: "newsletter_send_copies_in_flight", help: "Copies an interrupted earlier send left unknown, not sent again.", value: Double(s.inFlight.count)),
            .init(name: "newsletter_send_duration_seconds", help: "How long the last newsletter send ran.", value: (seconds * 1000).rounded() / 1000),
            .init(name: "newsletter_send_success", help: "1 when the last newsletter send ended without error.", value: success ? 1 : 0),
            .init(name: "newsletter_send_last_run_timestamp_seconds", help: "When the last newsletter send ended (Unix time).", value: now.timeIntervalSince1970.rounded()),
        ]
    }
}
