import Foundation

/// Starts CSV imports.
public protocol SubscriberImports: Sendable {
    /// A streaming import session (constant memory, committed in batches) that leaves out
    /// erased (suppressed) addresses.
    func importer(confirmed: Bool, now: Date) async throws -> any SubscriberImporter
}
