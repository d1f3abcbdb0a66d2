import Foundation

/// Every port of the subscriber side that one store adapter provides (`SQLiteSubscriberStore`,
/// `PostgresSubscriberStore`; each passes the store conformance suite). Callers take the
/// narrow port they use: the server signs people up, the inbox applies reports, the
/// report reads the history.
public typealias SubscriberStore = SubscriberDirectory & SubscriptionChanges & SignUpGuard & ReportSink & ListHistory & SubscriberImports
    & SubscriberSearch
