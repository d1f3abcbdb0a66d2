import Foundation
import NewsletterCore

/// A per-connection append-only journal beside the store: one line written before each
/// SMTP transaction starts (`S id`) and one when it ends (`D id state …`). The ledger rows
/// of a batch stay `claimed` while it is sent and get their outcomes in one transaction at
/// the end of the batch; then the journal is emptied.
///
/// A line is on its way to the disk the moment `write(2)` returns, so a process killed at
/// any instant (kill -9 included) leaves behind exactly which copies had started and which
/// had finished. Power loss is the same class of risk as the store's `synchronous=NORMAL`.
public final class SendJournal {
    public let path: String
    private let fd: Int32

    /// Opens (creating) journal `worker` of an issue in `directory`.
    public init(directory: String, issueID: String, worker: Int) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/" + Self.fileName(issueID: issueID, worker: worker)
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
    }

    deinit { close(fd) }

    static func fileName(issueID: String, worker: Int) -> String { "\(issueID).\(worker).journal" }

    /// Written just before a copy's SMTP transaction starts.
    public func starting(_ subscriberID: Int64) throws {
        try append("S \(subscriberID)\n")
    }

    /// Written when a copy's SMTP transaction has ended.
    public func finished(_ subscriberID: Int64, email: String, outcome: DeliveryOutcome, messageID: String? = nil) throws {
        let (state, retry, reply) = DeliveryState.after(outcome)
        // Percent-encoded (RFC 3986 unreserved kept), so a field never holds a space or a newline.
        try append("D \(subscriberID) \(state) \(retry) \(PercentEncoding.encode(email)) \(PercentEncoding.encode(messageID ?? "-")) \(PercentEncoding.encode(reply))\n")
    }

    /// Empties the journal once its outcomes are in the store.
    public func clear() throws {
        guard ftruncate(fd, 0) == 0 else { throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
    }

    /// Removes the journal file (the run ended normally).
    public func remove() {
        unlink(path)
    }

    private func append(_ line: String) throws {
        var line = line
        let ok = line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        guard ok else { throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
    }

    /// Reads every journal of an issue in `directory`: what they say, and their paths (to
    /// remove once the ledger has taken it in).
    public static func replay(directory: String, issueID: String) -> (JournalReplay, [String]) {
        var replay = JournalReplay()
        var files: [String] = []
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names.sorted() where name.hasPrefix(issueID + ".") && name.hasSuffix(".journal") {
            let file = directory + "/" + name
            files.append(file)
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            // A line cut short by the kill has no newline: ignore it. A cut `S` line means
            // the transaction never started; a cut `D` line leaves its copy "started".
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                let fields = line.split(separator: " ", maxSplits: 6, omittingEmptySubsequences: false)
                guard fields.count >= 2, let id = Int64(fields[1]) else { continue }
                if fields[0] == "S" {
                    replay.started.insert(id)
                } else if fields[0] == "D", fields.count == 6 || fields.count == 7 {
                    // `D id state retry email [message-id] reply`; journals written before
                    // the Message-ID was kept have no such field.
                    let reply = String(fields[fields.count - 1]).removingPercentEncoding ?? String(fields[fields.count - 1])
                    let messageID = fields.count == 7 ? (String(fields[5]).removingPercentEncoding).flatMap { $0 == "-" ? nil : $0 } : nil
                    guard let outcome = DeliveryState(rawValue: String(fields[2]))?.outcome(reply: reply, due: Double(fields[3]) ?? 0) else { continue }
                    replay.started.remove(id)
                    replay.finished.append(RecordedOutcome(subscriberID: id, email: String(fields[4]).removingPercentEncoding ?? String(fields[4]), outcome: outcome,
                                                           messageID: messageID))
                }
            }
        }
        return (replay, files)
    }

    /// After a crash: replays an issue's journals into the ledger (see
    /// `IssueLedger.recoverInterrupted`), then removes them. Returns the copies that were in
    /// flight, by address.
    public static func recover(issueID: String, directory: String, ledger: any SendQueue, now: Date) async throws -> [String] {
        let (replay, files) = replay(directory: directory, issueID: issueID)
        let inFlight = try await ledger.recoverInterrupted(issueID: issueID, replay: replay, now: now)
        for file in files { unlink(file) }
        return inFlight
    }
}
