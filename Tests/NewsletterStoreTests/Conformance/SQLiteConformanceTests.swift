import Foundation
import NewsletterStore
import Testing

/// The store conformance suite on the SQLite adapters, each check on a new database file.
@Suite struct SQLiteConformanceTests {
    func fresh() throws -> SQLiteStore {
        try SQLiteStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("conformance-\(UUID().uuidString)/n.sqlite").path)
    }

    @Test func subscriberLifecycle() async throws { try await StoreConformance.subscriberLifecycle(try fresh().subscribers) }
    @Test func tokensConfirmationsAndErasure() async throws { try await StoreConformance.tokensConfirmationsAndErasure(try fresh().subscribers) }
    @Test func pagesAndCounts() async throws { try await StoreConformance.pagesAndCounts(try fresh().subscribers) }
    @Test func issueLedger() async throws {
        let store = try fresh()
        try await StoreConformance.issueLedger(store.subscribers, store.issues)
    }
    @Test func preferencesAndPauses() async throws { try await StoreConformance.preferencesAndPauses(try fresh().subscribers) }
    @Test func audiences() async throws {
        let store = try fresh()
        try await StoreConformance.audiences(store.subscribers, store.issues)
    }
    @Test func confirmationsAndSignUpLimits() async throws { try await StoreConformance.confirmationsAndSignUpLimits(try fresh().subscribers) }
    @Test func reports() async throws { try await StoreConformance.reports(try fresh().subscribers) }
    @Test func socialLedger() async throws { try await StoreConformance.socialLedger(try fresh().social) }
    @Test func consoleAccounts() async throws { try await StoreConformance.consoleAccounts(try fresh().console) }
    @Test func search() async throws { try await StoreConformance.search(try fresh().subscribers) }
}
