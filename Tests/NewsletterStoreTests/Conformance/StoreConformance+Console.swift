import Foundation
import NewsletterCore
import Testing

/// The console's ports and the subscriber search, on every adapter.
extension StoreConformance {
    static func consoleAccounts(_ store: any ConsoleAccounts & ConsoleSessions) async throws {
        let ann = try await store.addConsoleUser(ConsoleUser(email: "ann@clinic.example", role: .owner, totpSecret: "SECRET", setupTokenHash: "h1",
                                                             setupExpires: t + 3600, created: t))
        #expect(ann.id > 0)
        await #expect(throws: StoreError.self) {
            _ = try await store.addConsoleUser(ConsoleUser(email: "ann@clinic.example", role: .viewer, totpSecret: "S", created: t))
        }
        let bo = try await store.addConsoleUser(ConsoleUser(email: "bo@clinic.example", role: .viewer, totpSecret: "S2", created: t))
        #expect(try await store.consoleUser(.email("ANN@clinic.example"))?.id == ann.id)
        #expect(try await store.consoleUser(.id(bo.id))?.email == "bo@clinic.example")
        #expect(try await store.consoleUser(.setupTokenHash("h1"))?.id == ann.id)
        #expect(try await store.consoleUser(.setupTokenHash("nope")) == nil)
        #expect(try await store.consoleUsers().map(\.email) == ["ann@clinic.example", "bo@clinic.example"])

        var enrolled = ann
        enrolled.passwordHash = "$2b$hash"
        enrolled.setupTokenHash = nil
        enrolled.setupExpires = nil
        try await store.saveConsoleUser(enrolled)
        #expect(try await store.consoleUser(.id(ann.id)) == enrolled)

        // Failures count to the limit, then lock and start again.
        for n in 1...2 {
            let after = try #require(try await store.recordSignInFailure(userID: ann.id, lockAfter: 3, lockUntil: t + 900))
            #expect(after.failedAttempts == n && after.lockedUntil == nil)
        }
        let locked = try #require(try await store.recordSignInFailure(userID: ann.id, lockAfter: 3, lockUntil: t + 900))
        #expect(locked.lockedUntil == t + 900 && locked.failedAttempts == 0 && locked.isLocked(at: t))

        // A code's time step is good once.
        #expect(try await store.spendCodeStep(userID: ann.id, step: 100))
        #expect(try await !store.spendCodeStep(userID: ann.id, step: 100))
        #expect(try await !store.spendCodeStep(userID: ann.id, step: 99))
        #expect(try await store.spendCodeStep(userID: ann.id, step: 101))

        let session = ConsoleSession(idHash: "s1", userID: ann.id, csrf: "c1", created: t, lastSeen: t)
        try await store.createSession(session)
        try await store.createSession(ConsoleSession(idHash: "s2", userID: ann.id, csrf: "c2", created: t, lastSeen: t))
        try await store.createSession(ConsoleSession(idHash: "s3", userID: bo.id, csrf: "c3", created: t, lastSeen: t))
        #expect(try await store.session(idHash: "s1") == session)
        try await store.touchSession(idHash: "s1", at: t + 60)
        #expect(try await store.session(idHash: "s1")?.lastSeen == t + 60)
        try await store.endSession(idHash: "s1")
        #expect(try await store.session(idHash: "s1") == nil)
        try await store.endSessions(userID: ann.id)
        #expect(try await store.session(idHash: "s2") == nil)
        #expect(try await store.session(idHash: "s3") != nil)
        #expect(try await store.removeConsoleUser(email: "bo@clinic.example"))
        #expect(try await !store.removeConsoleUser(email: "bo@clinic.example"))
        #expect(try await store.session(idHash: "s3") == nil)

        try await store.audit(AuditEntry(at: t, user: "ann@clinic.example", action: "sign-in"))
        try await store.audit(AuditEntry(at: t + 1, user: "ann@clinic.example", action: "paused", detail: "x@example.com"))
        #expect(try await store.auditLog(limit: 10).map(\.action) == ["paused", "sign-in"])
        #expect(try await store.auditLog(limit: 1).first?.detail == "x@example.com")
    }

    static func search(_ store: any SubscriberStore) async throws {
        for (email, name) in [("amy@example.com", "Zoe Park"), ("anna@example.com", nil), ("bob@example.com", "Amelia Stone"),
                              ("zed_1@example.com", "Ann O'Hara"), ("zed%2@example.com", nil)] as [(String, String?)] {
            _ = try await store.add(email, name: name, confirmed: email != "anna@example.com", source: .cli, now: t)
        }
        _ = try await store.updatePreferences("amy@example.com", PreferenceChange(cadence: .each), source: .cli, context: nil, now: t)
        func emails(_ q: SubscriberQuery) async throws -> [String] { try await store.search(q).map(\.email) }
        #expect(try await emails(SubscriberQuery()) == ["amy@example.com", "anna@example.com", "bob@example.com", "zed%2@example.com", "zed_1@example.com"])
        // An address or a name that starts so, any case, in address order.
        #expect(try await emails(SubscriberQuery(prefix: "AM")) == ["amy@example.com", "bob@example.com"])
        #expect(try await emails(SubscriberQuery(prefix: "ann")) == ["anna@example.com", "zed_1@example.com"])
        #expect(try await emails(SubscriberQuery(prefix: "zed_")) == ["zed_1@example.com"])
        #expect(try await emails(SubscriberQuery(prefix: "zed%")) == ["zed%2@example.com"])
        #expect(try await emails(SubscriberQuery(prefix: "a", status: .pending)) == ["anna@example.com"])
        #expect(try await emails(SubscriberQuery(cadence: .each)) == ["amy@example.com"])
        #expect(try await emails(SubscriberQuery(limit: 2)) == ["amy@example.com", "anna@example.com"])
        #expect(try await emails(SubscriberQuery(after: "anna@example.com", limit: 2)) == ["bob@example.com", "zed%2@example.com"])
        #expect(try await emails(SubscriberQuery(prefix: "nobody")).isEmpty)
    }
}
