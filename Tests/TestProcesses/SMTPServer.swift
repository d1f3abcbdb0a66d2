import Foundation

/// `Tests/PythonHelpers/smtp_server.py` (aiosmtpd) on a free loopback port, with its own maildir.
public final class SMTPServer: @unchecked Sendable {
    let helper: HelperProcess
    public let port: Int
    public let caFile: String?
    public let maildir: URL

    public var url: String { "smtp://127.0.0.1:\(port)" }

    public init(_ arguments: [String] = []) throws {
        maildir = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-\(UUID().uuidString)")
        let wantsCA = arguments.contains("--tls")
        do {
            helper = try HelperProcess(script: "smtp_server.py", arguments: ["--maildir", maildir.path] + arguments) { values in
                values["PORT"] != nil && (!wantsCA || values["CA"] != nil)
            }
        } catch {
            throw NSError(domain: "SMTPServer", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(error.localizedDescription) (is aiosmtpd installed?)"])
        }
        port = helper.int("PORT") ?? 0
        caFile = helper.values["CA"]
    }

    /// The stored messages: recipient and bytes, in arrival order.
    /// How many messages have arrived (without reading them).
    public var count: Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent("new").path)) ?? []).count
    }

    public func messages() throws -> [(recipient: String, data: [UInt8])] {
        let folder = maildir.appendingPathComponent("new")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return try names.sorted().map { name in
            let recipient = String(name.split(separator: "-", maxSplits: 1)[1].dropLast(4))
            return (recipient, [UInt8](try Data(contentsOf: folder.appendingPathComponent(name))))
        }
    }

    /// The envelope sender (MAIL FROM) of each stored message, in arrival order.
    public func envelopeSenders() throws -> [(recipient: String, sender: String)] {
        let folder = maildir.appendingPathComponent("envelope")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return try names.sorted().map { name in
            let recipient = String(name.split(separator: "-", maxSplits: 1)[1].dropLast(4))
            return (recipient, try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
        }
    }
}
