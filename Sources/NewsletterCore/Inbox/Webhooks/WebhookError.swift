/// Why a provider's webhook request was refused; every case is answered 401 (or 400 for a
/// body that is not the provider's shape) and changes nothing.
public enum WebhookError: Error, Equatable, CustomStringConvertible {
    case unsigned(String)
    case forged(String)
    case stale(String)
    case malformed(String)

    public var description: String {
        switch self {
        case .unsigned(let s), .forged(let s), .stale(let s), .malformed(let s): s
        }
    }
}

/// One event of a webhook request, read as a report, with what makes it unique.
public struct WebhookEvent: Sendable, Equatable {
    public var report: InboundReport
    /// The provider's event id (`mailgun:…`, `postmark:…`, `sendgrid:…`, `ses:…`).
    public var key: String

    public init(report: InboundReport, key: String) {
        self.report = report
        self.key = key
    }
}

enum WebhookTime {
    /// A provider's timestamp more than 5 minutes from now is refused (SPEC.md).
    static let tolerance: Double = 300

    static func check(_ seconds: Double?, now: Double, provider: String) throws(WebhookError) {
        guard let seconds else { throw .unsigned("The \(provider) request has no timestamp.") }
        guard abs(now - seconds) <= tolerance else { throw .stale("The \(provider) request's timestamp is more than 5 minutes off.") }
    }
}

enum ConstantTime {
    static func equal(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
