import Foundation

/// A throwaway Dovecot (`Tests/PythonHelpers/dovecot_server.py`): IMAP, IMAPS, POP3 and
/// POP3S on free loopback ports, one user, a self-signed certificate, and the user's
/// Maildir, into which a test delivers by writing files.
public final class DovecotServer: @unchecked Sendable {
    let helper: HelperProcess
    public let imap: Int, imaps: Int, pop3: Int, pop3s: Int
    public let caFile: String
    public let maildir: URL
    public let user: String
    public let password: String
    let owner: (uid: UInt32, gid: UInt32)

    /// Whether Dovecot is installed here.
    public static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/sbin/dovecot") }

    public init() throws {
        // SIGTERM when released: the helper stops Dovecot and removes its folder.
        helper = try HelperProcess(script: "dovecot_server.py", graceful: true)
        let values = helper.values
        guard let imap = values["IMAP"].flatMap(Int.init), let imaps = values["IMAPS"].flatMap(Int.init),
              let pop3 = values["POP3"].flatMap(Int.init), let pop3s = values["POP3S"].flatMap(Int.init),
              let ca = values["CA"], let maildir = values["MAILDIR"], let user = values["USER"], let password = values["PASSWORD"] else {
            throw NSError(domain: "DovecotServer", code: 1, userInfo: [NSLocalizedDescriptionKey: "dovecot_server.py did not say its ports: \(values)"])
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
}
