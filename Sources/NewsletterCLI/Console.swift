import Foundation

/// The one place commands print through: results on stdout, warnings and errors on stderr.
struct Console {
    func print(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Writes text as it is, without a newline.
    func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes bytes as they are.
    func write(bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            FileHandle.standardOutput.write(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: raw.count, deallocator: .none))
        }
    }

    func error(_ text: String) {
        FileHandle.standardError.write(Data(("error: " + text + "\n").utf8))
    }

    func warning(_ text: String) {
        FileHandle.standardError.write(Data(("warning: " + text + "\n").utf8))
    }

    /// Prints up to `limit` warnings about `source`, then how many more there were.
    func warnings(_ messages: [String], about source: String, limit: Int = 10) {
        for message in messages.prefix(limit) { warning("\(source): \(message)") }
        if messages.count > limit { warning("\(source): \(messages.count - limit) more problem(s) not shown") }
    }
}
