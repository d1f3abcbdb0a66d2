import Foundation

/// `Tests/PythonHelpers/smtp_server.py` (aiosmtpd) on a free loopback port, with its own maildir.
public final class SMTPServer: @unchecked Sendable {
    let process = Process()
    public let port: Int
    public let caFile: String?
    public let maildir: URL

    public var url: String { "smtp://127.0.0.1:\(port)" }

    public init(_ arguments: [String] = []) throws {
        maildir = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-\(UUID().uuidString)")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("PythonHelpers/smtp_server.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--maildir", maildir.path] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var text = ""
        let wantsCA = arguments.contains("--tls")
        while !(text.contains("PORT ") && (!wantsCA || text.contains("CA ")) && text.hasSuffix("\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        var port: Int?
        var ca: String?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("PORT ") { port = Int(line.dropFirst(5)) }
            if line.hasPrefix("CA ") { ca = String(line.dropFirst(3)) }
        }
        guard let port else {
            kill(process.processIdentifier, SIGKILL)
            throw NSError(domain: "SMTPServer", code: 1, userInfo: [NSLocalizedDescriptionKey: "smtp_server.py did not start: \(text) (is aiosmtpd installed?)"])
        }
        self.port = port
        self.caFile = ca
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

    deinit {
        let pid = process.processIdentifier
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
}
