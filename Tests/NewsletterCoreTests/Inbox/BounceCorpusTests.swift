import Foundation
import NewsletterCore
import Testing

/// The report parser against Sisimai's reading of real bounces, complaints and
/// auto-replies (`../shared/corpus/bounces`, INDEX.md §10): the thresholds of issue 12.
@Suite(.enabled(if: Corpus.shouldRun, "../shared/corpus is not here"))
struct BounceCorpusTests {
    struct Row: Decodable {
        let recipient: String
        let deliverystatus: String
        let softbounce: Int
        let reason: String
    }

    struct Score {
        var rows = 0, recipients = 0, statusRows = 0, status = 0, verdictRows = 0, verdicts = 0
        var notBounces: [String] = []
        var misses: [String] = []
    }

    static func score() throws -> Score {
        let expected = try JSONDecoder().decode([String: [Row]].self, from: Corpus.data("bounces/expected.json"))
        var score = Score()
        for (file, rows) in expected.sorted(by: { $0.key < $1.key }) {
            let report = ReportParser.parse([UInt8](try Corpus.data("bounces/maildir/" + file)))
            let mine = Dictionary(report.recipients.map { ($0.email, $0) }, uniquingKeysWith: { a, _ in a })
            // Nothing Sisimai reads as an auto-reply, a complaint or no bounce is a bounce.
            if rows.allSatisfy({ $0.softbounce == -1 && $0.reason != "delivered" }) || rows.isEmpty, report.kind == .bounce {
                score.notBounces.append(file)
            }
            for row in rows {
                score.rows += 1
                let r = mine[row.recipient.lowercased()]
                if r != nil { score.recipients += 1 } else { score.misses.append("\(file): \(row.recipient)") }
                let status = row.deliverystatus
                // Sisimai's own X.0.9NN codes appear in no message.
                if !status.isEmpty, !(status.dropFirst(1).hasPrefix(".0.9") && status.count == 7) {
                    score.statusRows += 1
                    if r?.status == status { score.status += 1 }
                }
                if row.softbounce == 0 || row.softbounce == 1 {
                    score.verdictRows += 1
                    if let r, r.hard == (row.softbounce == 0) { score.verdicts += 1 }
                }
            }
        }
        return score
    }

    @Test func agreesWithSisimaiOnRecipientsStatusesAndVerdicts() throws {
        let s = try Self.score()
        #expect(s.rows >= 300)
        let recipients = Double(s.recipients) / Double(s.rows)
        let status = Double(s.status) / Double(s.statusRows)
        let verdict = Double(s.verdicts) / Double(s.verdictRows)
        #expect(recipients >= 0.97, "recipients \(s.recipients)/\(s.rows); missed: \(s.misses)")
        #expect(status >= 0.95, "status \(s.status)/\(s.statusRows)")
        #expect(verdict >= 0.95, "hard/soft \(s.verdicts)/\(s.verdictRows)")
        #expect(s.notBounces.isEmpty, "read as bounces: \(s.notBounces)")
    }

    @Test func everyMessageParsesQuicklyWithAnyLineEnd() throws {
        let folder = Corpus.root.appendingPathComponent("bounces/maildir")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }
        #expect(names.count >= 280)
        let start = Date()
        for name in names {
            let raw = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
            // A few files mix line ends: make them LF first.
            var lf: [UInt8] = []
            for (i, b) in raw.enumerated() where !(b == 0x0D && i + 1 < raw.count && raw[i + 1] == 0x0A) { lf.append(b == 0x0D ? 0x0A : b) }
            let report = ReportParser.parse(lf)
            // The same message with CRLF and with CR line ends reads the same.
            var crlf: [UInt8] = []
            var cr: [UInt8] = []
            for b in lf {
                if b == 0x0A { crlf += [0x0D, 0x0A]; cr.append(0x0D) } else { crlf.append(b); cr.append(b) }
            }
            #expect(ReportParser.parse(crlf) == report, "\(name) with CRLF")
            #expect(ReportParser.parse(cr) == report, "\(name) with CR")
        }
        #expect(Date().timeIntervalSince(start) < 60, "no message may take long")
    }
}
