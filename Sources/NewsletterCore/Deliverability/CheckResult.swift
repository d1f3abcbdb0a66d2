/// One deliverability check's outcome (SPEC `check --json`).
public struct CheckResult: Sendable, Equatable {
    public enum Status: String, Sendable, Comparable {
        case pass, warn, fail, skip

        public static func < (a: Status, b: Status) -> Bool { a.rank < b.rank }

        var rank: Int {
            switch self {
            case .skip: 0
            case .pass: 1
            case .warn: 2
            case .fail: 3
            }
        }
    }

    /// A stable id such as `spf.lookups`.
    public var id: String
    public var status: Status
    /// One sentence: what was found.
    public var message: String
    /// One sentence: what to do about it ("Nothing to do." when it passed).
    public var fix: String

    public init(_ id: String, _ status: Status, _ message: String, fix: String = "Nothing to do.") {
        self.id = id
        self.status = status
        self.message = message
        self.fix = status == .pass && fix.isEmpty ? "Nothing to do." : fix
    }

    public static func pass(_ id: String, _ message: String) -> CheckResult { CheckResult(id, .pass, message) }
    public static func warn(_ id: String, _ message: String, fix: String) -> CheckResult { CheckResult(id, .warn, message, fix: fix) }
    public static func fail(_ id: String, _ message: String, fix: String) -> CheckResult { CheckResult(id, .fail, message, fix: fix) }
    public static func skip(_ id: String, _ message: String, fix: String = "Nothing to do.") -> CheckResult { CheckResult(id, .skip, message, fix: fix) }
}

/// Every check of one run, in order.
public struct CheckReport: Sendable {
    public var checks: [CheckResult]

    public init(_ checks: [CheckResult] = []) { self.checks = checks }

    /// True when nothing failed.
    public var ok: Bool { !checks.contains { $0.status == .fail } }
    public var failures: [CheckResult] { checks.filter { $0.status == .fail } }

    public func count(_ status: CheckResult.Status) -> Int { checks.filter { $0.status == status }.count }
}
