import Foundation

/// Every port of the send ledger that one store adapter provides (`SQLiteIssueLedger`,
/// `PostgresIssueLedger`): an issue row and one delivery row per subscriber with its state
/// (`DeliveryState`'s rules: queued → claimed → sent, failed or bounced; `unknown` for
/// copies whose fate a crash hid). Callers take the narrow port they use.
public typealias IssueLedger = IssueArchive & IssueQueueing & SendQueue & IssueStatistics & IssueDrafts & MessageSchedule
