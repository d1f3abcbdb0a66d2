import Foundation
import NewsletterCore

/// Delivers into a Maildir (the outbox): each message is written to `tmp/` and renamed
/// into `new/`, so a reader never sees half a file (maildir(5)). Any mail client opens it.
public struct MaildirTransport: MailTransport {
    public let directory: URL
    public let connections: Int

    /// Where the messages go, for sentences to the user.
    public let description: String

    /// - Parameter name: the folder as the user gave it, for `description`.
    public init(directory: URL, connections: Int = 4, name: String? = nil) {
        self.directory = directory
        self.connections = connections
        description = "the outbox \(name ?? directory.path)/new"
    }

    /// Why a message could not be written; nothing reached `new/`, so nothing was delivered.
    public struct WriteError: UndeliveredError {
        public let description: String
    }

    /// Writes on a dispatch queue, off Swift's cooperative pool.
    @discardableResult
    public func send(_ message: OutgoingMessage) async throws -> String {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, Error>) in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try deliver(message); return "250 written to the outbox" })
            }
        }
    }

    /// Writes the message and returns the path of its file in `new/`.
    @discardableResult
    public func deliver(_ message: OutgoingMessage) throws -> URL {
        let fm = FileManager.default
        for sub in ["tmp", "new", "cur"] {
            try? fm.createDirectory(at: directory.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        let name = Self.uniqueName()
        let tmp = directory.appendingPathComponent("tmp/" + name)
        let final = directory.appendingPathComponent("new/" + name)
        var data = Data("Return-Path: <\(message.sender)>\r\n".utf8)
        data.append(contentsOf: message.data)
        guard fm.createFile(atPath: tmp.path, contents: data) else {
            throw WriteError(description: "The outbox \(directory.path) cannot be written to (\(SettingKey.outbox)).")
        }
        guard rename(tmp.path, final.path) == 0 else {
            try? fm.removeItem(at: tmp)
            throw WriteError(description: "The message could not be moved into \(directory.path)/new (\(SettingKey.outbox)).")
        }
        return final
    }

    /// This host's name as maildir(5) wants it in file names, looked up once.
    private static let host: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count - 1)
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: ":", with: "_")
    }()

    /// `time.M<µs>P<pid>R<random>.host.eml`, unique per delivery (maildir(5) "new-style"
    /// names); the `.eml` ending lets a file manager open each one in a mail client, and
    /// Maildir readers take any name.
    static func uniqueName() -> String {
        let now = Date().timeIntervalSince1970
        let seconds = Int(now)
        let micros = Int((now - Double(seconds)) * 1_000_000)
        let paddedMicros = String(micros).count < 6 ? String(repeating: "0", count: 6 - String(micros).count) + String(micros) : String(micros)
        return "\(seconds).M\(paddedMicros)P\(getpid())R\(UInt64.random(in: 0..<UInt64.max)).\(host).eml"
    }
}
