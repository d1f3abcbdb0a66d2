import Crypto
import Foundation
import NewsletterCore
@testable import NewsletterStore
import Testing

func temporaryStore() throws -> SQLiteStore {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
    return try SQLiteStore(path: dir.appendingPathComponent("newsletter.sqlite").path)
}

let t0 = Date(timeIntervalSince1970: 1_795_900_000)

@Suite struct StoreTransitionTests {
    @Test func everyTransitionIsLoggedWithItsSource() async throws {
        let store = try temporaryStore()
        guard case .created(let s) = try await store.subscribers.add(" Sam@Example.COM ", name: "Sam\r\nBcc: x", confirmed: false, source: .web,
                                                   context: ChangeContext(ip: "203.0.113.5", userAgent: "Firefox"), now: t0) else {
            Issue.record("not created"); return
        }
        #expect(s.email == "Sam@example.com")
        #expect(s.name == "Sam Bcc: x")
        #expect(s.status == .pending)
        try await store.subscribers.confirm("sam@EXAMPLE.com", source: .web, now: t0 + 60)
        try await store.subscribers.unsubscribe("SAM@example.com", source: .cli, now: t0 + 120)
        try await store.subscribers.unsubscribe("sam@example.com", source: .cli, now: t0 + 130)
        // A bounce does not touch someone who opted out; a complaint is recorded over it.
        try await StoreConformance.report(.bounced, "sam@example.com", detail: "550 5.1.1 user unknown", store: store.subscribers, now: t0 + 180)
        try await StoreConformance.report(.complained, "sam@example.com", detail: "abuse report", store: store.subscribers, now: t0 + 240)
        let events = try await store.subscribers.events(of: try #require(try await store.subscribers.subscriber("sam@example.com")))
        #expect(events.map(\.action) == ["subscribe", "confirm", "unsubscribe", "complaint"])
        #expect(events[0].ip == "203.0.113.5" && events[0].userAgent == "Firefox" && events[0].source == .web)
        #expect(events[3].detail == "abuse report" && events[3].source == .inbox)
        #expect(events.map(\.newStatus) == [.pending, .confirmed, .unsubscribed, .complained])
    }

    @Test func duplicatesDifferingInCaseAreOnePerson() async throws {
        let store = try temporaryStore()
        _ = try await store.subscribers.add("ana@example.com", name: nil, confirmed: true, source: .cli, now: t0)
        guard case .existing(let s, .confirmed) = try await store.subscribers.add("ANA@EXAMPLE.COM", name: "Ana", confirmed: false, source: .cli, now: t0) else {
            Issue.record("a second row was made"); return
        }
        #expect(s.status == .confirmed && s.name == "Ana")
        #expect(try await store.subscribers.counts()[.confirmed] == 1)
    }

    @Test(arguments: ["", "plain", "a@b", "a..b@example.com", ".a@example.com", "a@-bad.example", "a b@example.com", "a@example.123",
                      String(repeating: "x", count: 65) + "@example.com"])
    func malformedAddressesAreRefused(_ address: String) async throws {
        let store = try temporaryStore()
        await #expect(throws: StoreError.self) { try await store.subscribers.add(address, name: nil, confirmed: false, source: .cli, now: t0) }
    }

    @Test(arguments: ["user+tag@example.com", "\"quoted local\"@example.com", "josé@bücher.example", "x@sub.example.co.uk", "o'brien@example.ie"])
    func validAddressesIncludingIDNAreAccepted(_ address: String) async throws {
        let store = try temporaryStore()
        guard case .created = try await store.subscribers.add(address, name: nil, confirmed: false, source: .cli, now: t0) else {
            Issue.record("\(address) refused"); return
        }
    }

    @Test func optedOutPeopleComeBackOnlyAsPending() async throws {
        let store = try temporaryStore()
        _ = try await store.subscribers.add("bo@example.com", name: nil, confirmed: true, source: .cli, now: t0)
        try await store.subscribers.unsubscribe("bo@example.com", source: .web, now: t0 + 1)
        guard case .existing(let s, .unsubscribed) = try await store.subscribers.add("bo@example.com", name: nil, confirmed: true, source: .cli, now: t0 + 2) else {
            Issue.record("unexpected outcome"); return
        }
        #expect(s.status == .pending)
        try await store.subscribers.confirm("bo@example.com", source: .web, now: t0 + 3)
        #expect(try await store.subscribers.subscriber("bo@example.com")?.status == .confirmed)
    }

    @Test func tokensAreSpentOnce() async throws {
        let store = try temporaryStore()
        #expect(try await store.subscribers.spendToken("abc", now: t0))
        #expect(try await !store.subscribers.spendToken("abc", now: t0))
        #expect(try await store.subscribers.spendToken("abd", now: t0))
    }

    @Test func eraseLeavesOnlyASaltedHash() async throws {
        let store = try temporaryStore()
        _ = try await store.subscribers.add("gone@example.com", name: "Gone", confirmed: true, source: .cli, now: t0)
        #expect(try await store.subscribers.erase("gone@example.com", now: t0))
        #expect(try await store.subscribers.subscriber("gone@example.com") == nil)
        let raw = try String(contentsOfFile: store.path, encoding: .isoLatin1)
        #expect(!raw.contains("gone@example.com"))
    }

    @Test func anOlderDatabaseIsMigratedInPlaceAndReopens() async throws {
        let store = try temporaryStore()
        _ = try await store.subscribers.add("keep@example.com", name: nil, confirmed: true, source: .cli, now: t0)
        let reopened = try SQLiteStore(path: store.path)
        #expect(try await reopened.subscribers.subscriber("keep@example.com")?.status == .confirmed)
    }

    @Test func pagesWalkTheListInOrderWithoutHoldingIt() async throws {
        let store = try temporaryStore()
        for i in 0..<25 { _ = try await store.subscribers.add("p\(i)@example.com", name: nil, confirmed: i % 2 == 0, source: .cli, now: t0) }
        var seen: [String] = []
        try await store.subscribers.forEach(status: .confirmed, batchSize: 4) { seen.append($0.email) }
        #expect(seen.count == 13)
        #expect(seen == (0..<25).filter { $0 % 2 == 0 }.map { "p\($0)@example.com" })
    }
}

@Suite struct ImportTests {
    func run(_ csv: String, confirmed: Bool = false, store: SQLiteStore? = nil, chunk: Int = 7) async throws -> (ImportReport, SQLiteStore) {
        let store = try store ?? temporaryStore()
        let session = try SQLiteSubscriberImport(writer: store.subscribers.writer, confirmed: confirmed, now: t0, batchSize: 3)
        var parser = CSVParser()
        var records: [CSVParser.Record] = []
        let bytes = Array(csv.utf8)
        for start in stride(from: 0, to: bytes.count, by: chunk) {
            parser.feed(Array(bytes[start..<min(bytes.count, start + chunk)])) { records.append($0) }
        }
        parser.finish { records.append($0) }
        var mapper: SubscriberCSV?
        for record in records {
            guard let map = mapper else { mapper = try SubscriberCSV(header: record, file: "t.csv"); continue }
            switch map.row(record) {
            case .success(let row): try await session.add(ImportRow(line: record.line, email: row.email, name: row.name, attributes: row.attributes))
            case .failure(let p): session.reject(line: p.line, reason: p.reason)
            }
        }
        return (try await session.finish(), store)
    }

    @Test func bomQuotesAttributesAndBadRowsWithLineNumbers() async throws {
        let csv = "\u{FEFF}Email,Name,Plan\r\n\"a@example.com\",\"Doe, Ann\",gold\r\nnot-an-address,X,\r\n\"b@example.com\",\"Multi\nline \"\"quoted\"\"\",\r\nc@example.com\r\nd@example.com,\"unterminated\n"
        let (report, store) = try await run(csv)
        // c@example.com (line 6) lacks the trailing columns, which is fine.
        #expect(report.added == 3)
        #expect(report.invalid.map(\.line) == [3, 7])
        #expect(report.invalid[1].reason == "the row has a quoted field that is never closed")
        #expect(report.invalid[0].reason == "the address 'not-an-address' has no '@'")
        let a = try #require(try await store.subscribers.subscriber("a@example.com"))
        #expect(a.name == "Doe, Ann" && a.attributes == ["Plan": "gold"])
        #expect(try await store.subscribers.subscriber("b@example.com")?.name == "Multi line \"quoted\"")
    }

    @Test func aRowTooShortToHoldItsEmailIsReported() async throws {
        let (report, _) = try await run("name,email\nAnn\nBo,bo@example.com\n")
        #expect(report.added == 1)
        #expect(report.invalid.first?.reason == "the row has 1 field(s) but the email is column 2")
        #expect(report.invalid.first?.line == 2)
    }

    @Test func missingEmailColumnIsOneSentence() async throws {
        do {
            _ = try await run("name,city\nAnn,Porto\n")
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error) == "The CSV t.csv has no 'email' column in its header (line 1): it has 'name', 'city'.")
        }
    }

    @Test func threeBadRowsAmongTenThousand() async throws {
        var lines = ["email,name"]
        for i in 0..<10_000 {
            switch i {
            case 17: lines.append("broken-17,X")
            case 4_321: lines.append("also@@broken,Y")
            case 9_998: lines.append("\"unbalanced@example.com,Z\"x")
            default: lines.append("u\(i)@example.com,User \(i)")
            }
        }
        let (report, store) = try await run(lines.joined(separator: "\n") + "\n", confirmed: true, chunk: 4096)
        #expect(report.added == 9_997)
        #expect(report.invalid.map(\.line) == [19, 4_323, 10_000])
        #expect(try await store.subscribers.counts()[.confirmed] == 9_997)
    }

    @Test func importsNeverReconfirmOptedOutOrErasedPeople() async throws {
        let store = try temporaryStore()
        _ = try await store.subscribers.add("left@example.com", name: nil, confirmed: true, source: .cli, now: t0)
        try await store.subscribers.unsubscribe("left@example.com", source: .web, now: t0)
        _ = try await store.subscribers.add("bounced@example.com", name: nil, confirmed: true, source: .cli, now: t0)
        try await StoreConformance.report(.bounced, "bounced@example.com", detail: "550", store: store.subscribers, now: t0)
        _ = try await store.subscribers.add("gone@example.com", name: nil, confirmed: true, source: .cli, now: t0)
        _ = try await store.subscribers.erase("gone@example.com", now: t0)
        _ = try await store.subscribers.add("waiting@example.com", name: nil, confirmed: false, source: .cli, now: t0)
        let (report, _) = try await run("email\nleft@example.com\nBOUNCED@example.com\ngone@example.com\nwaiting@example.com\nnew@example.com\n", confirmed: true, store: store)
        #expect(report.optedOut == 2 && report.suppressed == 1 && report.added == 1 && report.alreadyPresent == 1)
        #expect(try await store.subscribers.subscriber("left@example.com")?.status == .unsubscribed)
        #expect(try await store.subscribers.subscriber("bounced@example.com")?.status == .bounced)
        #expect(try await store.subscribers.subscriber("gone@example.com") == nil)
        #expect(try await store.subscribers.subscriber("waiting@example.com")?.status == .confirmed)
    }

    @Test func twoWritersAtOnceLoseNothing() async throws {
        let store = try temporaryStore()
        let path = store.path
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<2 {
                group.addTask {
                    let own = try SQLiteStore(path: path)
                    for i in 0..<200 {
                        _ = try await own.subscribers.add("w\(writer)-\(i)@example.com", name: nil, confirmed: false, source: .cli, now: t0)
                        try await own.subscribers.confirm("w\(writer)-\(i)@example.com", source: .cli, now: t0)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await store.subscribers.counts()[.confirmed] == 400)
    }
}
