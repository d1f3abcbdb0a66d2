import Foundation
import NewsletterCore

/// The one place commands print through: results on stdout, warnings and errors on stderr.
struct Console {
    /// Whether standard output is a terminal, where text from strangers (a name in a CSV, a
    /// feed's title) must not carry escape sequences.
    static let stdoutIsTerminal = isatty(1) == 1

    func print(_ text: String) {
        FileHandle.standardOutput.write(Data(((Self.stdoutIsTerminal ? Self.escaped(text) : text) + "\n").utf8))
    }

    /// `text` with control characters other than tab and line feed (ESC, CR, BEL, C1, DEL)
    /// written as `\u{1b}`, so that no input can move the cursor, retitle the terminal or
    /// hide what is printed after it.
    static func escaped(_ text: String) -> String {
        ControlCharacters.escaped(text, keepingLineBreaks: true)
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
        FileHandle.standardError.write(Data(("error: " + Self.escaped(text) + "\n").utf8))
    }

    func warning(_ text: String) {
        FileHandle.standardError.write(Data(("warning: " + Self.escaped(text) + "\n").utf8))
    }

    /// Prints up to `limit` warnings about `source`, then how many more there were.
    func warnings(_ messages: [String], about source: String, limit: Int = 10) {
        for message in messages.prefix(limit) { warning("\(source): \(message)") }
        if messages.count > limit { warning("\(source): \(messages.count - limit) more problem(s) not shown") }
    }
}
