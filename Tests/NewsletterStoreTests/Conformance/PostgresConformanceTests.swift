import Foundation
import NewsletterPostgres
import TestProcesses
import Testing

/// The store conformance suite on the PostgreSQL adapters, each check on a new database of
/// a throwaway cluster (Debian's postgresql, started by the test run).
@Suite(.enabled(if: PostgresServer.available || ProcessInfo.processInfo.environment["CI"] != nil, "needs Debian's postgresql (Scripts/test.sh installs it)"))
struct PostgresConformanceTests {
    func fresh() throws -> PostgresStore {
        let server = try #require(PostgresServer.shared, "the PostgreSQL test cluster did not start")
        return try PostgresStore(url: try PostgresURL(try server.freshDatabase(prefix: "conformance")))
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

    @Test func urlsAreReadAsSpecSays() throws {
        let url = try PostgresURL("postgres://news:s%40cret@db.example:6543/letters?sslmode=verify-full")
        #expect(url.user == "news" && url.password == "s@cret" && url.host == "db.example" && url.port == 6543 && url.database == "letters" && url.sslMode == .verifyFull)
        #expect(url.description == "postgres://news@db.example:6543/letters?sslmode=verify-full")
        #expect(try PostgresURL("postgresql://u@[::1]/d").host == "::1")
        #expect(try PostgresURL("postgres://u@h/d").sslMode == .prefer)
        for bad in ["postgres://h/d", "postgres://u@h", "postgres://u@h:99999/d", "postgres://u@h/d?sslmode=always", "mysql://u@h/d"] {
            #expect(throws: PostgresURL.Invalid.self, "\(bad)") { try PostgresURL(bad) }
        }
        let message = String(describing: (try? PostgresURL("postgres://u:pw@h")).map { _ in "" } ?? { do { _ = try PostgresURL("postgres://u:pw@h"); return "" } catch { return "\(error)" } }())
        #expect(!message.contains("pw") && message.contains("u:***@h"), "\(message)")
    }
}
