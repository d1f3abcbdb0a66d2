import Foundation

/// A throwaway Dovecot (`Tests/PythonHelpers/dovecot_server.py`): IMAP, IMAPS, POP3 and
/// POP3S on free loopback ports, one user, a self-signed certificate, and the user's
/// Maildir, into which a test delivers by writing files.
public final class DovecotServer: @unchecked Sendable {
    let process = Process()
    public let imap: Int, imaps: Int, pop3: Int, pop3s: Int
    public let caFile: String
    public let maildir: URL
    public let user: String
    public let password: String
    let owner: (uid: UInt32, gid: UInt32)

    /// Whether Dovecot is installed here.
    public static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/sbin/dovecot") }

    public init() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("PythonHelpers/dovecot_server.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var text = ""
        while !text.contains("READY\n") && !text.contains("FAILED") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        guard text.contains("READY"), let imap = values["IMAP"].flatMap(Int.init), let imaps = values["IMAPS"].flatMap(Int.init),
              let pop3 = values["POP3"].flatMap(Int.init), let pop3s = values["POP3S"].flatMap(Int.init),
              let ca = values["CA"], let maildir = values["MAILDIR"], let user = values["USER"], let password = values["PASSWORD"] else {
            kill(process.processIdentifier, SIGKILL)
            throw NSError(domain: "DovecotServer", code: 1, userInfo: [NSLocalizedDescriptionKey: "dovecot_server.py did not start: \(text)"])
        }
        (self.imap, self.imaps, self.pop3, self.pop3s) = (imap, imaps, pop3, pop3s)
        caFile = ca
        self.maildir = URL(fileURLWithPath: maildir)
        self.user = user
        self.password = password
        let ids = (values["OWNER"] ?? "0 0").split(separator: " ").compactMap { UInt32($0) }
        owner = (ids.first ?? 0, ids.last ?? 0)
    }

    /// Delivers a message into the user's Maildir, as the MTA would.
    public func deliver(_ data: Data, name: String = UUID().uuidString) throws {
        let tmp = maildir.appendingPathComponent("tmp/" + name)
        try data.write(to: tmp)
        chown(tmp.path, owner.uid, owner.gid)
        rename(tmp.path, maildir.appendingPathComponent("new/" + name).path)
    }

    /// The names of the messages in `new/` and in `cur/`.
    public func folders() -> (new: [String], cur: [String]) {
        let fm = FileManager.default
        return ((try? fm.contentsOfDirectory(atPath: maildir.appendingPathComponent("new").path)) ?? [],
                (try? fm.contentsOfDirectory(atPath: maildir.appendingPathComponent("cur").path)) ?? [])
    }

    deinit {
        // SIGTERM: the helper stops Dovecot and removes its folder.
        let pid = process.processIdentifier
        kill(pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<100 {
            if waitpid(pid, &status, WNOHANG) == pid { return }
            usleep(100_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
    }
}
