import Foundation

/// A helper process from `Tests/PythonHelpers` listening on a free loopback port.
public final class LocalServer: @unchecked Sendable {
    let process = Process()
    public let port: Int

    public var base: String { "http://127.0.0.1:\(port)" }

    /// Starts `Tests/PythonHelpers/<script>` with python3 and waits for its `PORT n` line.
    public init(script: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("PythonHelpers/\(script)").path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = out.firstLine()
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw NSError(domain: "LocalServer", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(script) did not start: \(text)"])
        }
        self.port = port
    }

    deinit {
        // Foundation's waitUntilExit spins a run loop that a test thread never runs; reap directly.
        let pid = process.processIdentifier
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
}

extension Pipe {
    /// Reads until the first newline (or the end): a helper's "I am listening" line.
    public func firstLine() -> String {
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        return String(decoding: line, as: UTF8.self)
    }
}
