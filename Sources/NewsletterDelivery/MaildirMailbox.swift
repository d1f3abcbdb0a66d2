import Foundation
import NewsletterCore

/// A Maildir (maildir(5)) read as an inbox: the messages in `new/` are waiting; a
/// processed one moves to `cur/` with the `S` (seen) flag, so a mail client shows it read.
public struct MaildirMailbox: Mailbox {
    public let directory: URL
    public var description: String { "the Maildir \(directory.path)" }

    public init(directory: URL) {
        self.directory = directory
    }

    public func waiting() async throws -> [String] {
        let new = directory.appendingPathComponent("new")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: new.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw MailboxError("\(description) is not a Maildir: it has no new/ folder.")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: new.path).filter { !$0.hasPrefix(".") }
        // Maildir names start with the delivery time: sorting them is oldest first.
        return names.sorted()
    }

    public func fetch(_ id: String) async throws -> [UInt8] {
        let path = directory.appendingPathComponent("new/" + id).path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MailboxError("The message \(path) cannot be read.")
        }
        return [UInt8](data)
    }

    public func markProcessed(_ id: String) async throws {
        let from = directory.appendingPathComponent("new/" + id).path
        let base = id.split(separator: ":", maxSplits: 1).first.map(String.init) ?? id
        try? FileManager.default.createDirectory(at: directory.appendingPathComponent("cur"), withIntermediateDirectories: true)
        let to = directory.appendingPathComponent("cur/" + base + ":2,S").path
        guard rename(from, to) == 0 else {
            throw MailboxError("The message \(from) could not be moved to cur/ (errno \(errno)).")
        }
    }

    public func leave(_ id: String) async throws {}

    public func close() async throws {}
}
