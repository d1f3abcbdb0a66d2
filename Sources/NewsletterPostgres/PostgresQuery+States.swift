import NewsletterCore
import PostgresNIO

/// The core's states written into SQL as quoted literals (not bound parameters), so a query
/// reads `state = 'queued'` and the states have one spelling, the core's.
extension PostgresQuery.StringInterpolation {
    mutating func appendInterpolation(_ state: DeliveryState) {
        appendInterpolation(unescaped: "'\(state.rawValue)'")
    }

    mutating func appendInterpolation(_ states: [DeliveryState]) {
        appendInterpolation(unescaped: DeliveryState.sqlList(states))
    }

    mutating func appendInterpolation(_ state: IssueState) {
        appendInterpolation(unescaped: "'\(state.rawValue)'")
    }
}

extension PostgresQuery.StringInterpolation {
    mutating func appendInterpolation(_ action: ConsentAction) {
        appendInterpolation(unescaped: "'\(action.rawValue)'")
    }
}
