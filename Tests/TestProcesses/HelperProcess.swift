import Foundation

/// The one way tests start a server: a helper of `Tests/PythonHelpers` run with python3,
/// which prints what a test needs as `KEY value` lines (`PORT 40123`, `CA /tmp/…`) and
/// `READY` once it serves, or `FAILED why`. Stopped when released: SIGTERM first for a
/// helper that cleans up after the real server it runs (Dovecot, NSD), else SIGKILL.
public final class HelperProcess: @unchecked Sendable {
    let process = Process()
    /// The helper's `KEY value` lines.
    public let values: [String: String]
    let graceful: Bool

    /// Starts `script` and reads its lines until `ready` holds for what it printed (by
    /// default: a `READY` line), a `FAILED` line, or the end of its output.
    public init(script: String, arguments: [String] = [], graceful: Bool = false, quiet: Bool = false,
                ready: ([String: String]) -> Bool = { $0["READY"] != nil }) throws {
        self.graceful = graceful
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("PythonHelpers/" + script)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path.path] + arguments
        let out = Pipe()
        process.standardOutput = out
        if quiet { process.standardError = FileHandle.nullDevice }
        try process.run()
        var values: [String: String] = [:]
        var pending = ""
        var text = ""
        reading: while true {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            let piece = String(decoding: chunk, as: UTF8.self)
            text += piece
            pending += piece
            while let newline = pending.firstIndex(of: "\n") {
                let line = pending[..<newline]
                pending = String(pending[pending.index(after: newline)...])
                let parts = line.split(separator: " ", maxSplits: 1)
                guard let key = parts.first else { continue }
                values[String(key)] = parts.count > 1 ? String(parts[1]) : ""
                if key == "FAILED" || ready(values) { break reading }
            }
        }
        self.values = values
        guard values["FAILED"] == nil, ready(values) else {
            kill(process.processIdentifier, SIGKILL)
            throw NSError(domain: "HelperProcess", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(script) did not start: \(text)"])
        }
    }

    /// A value the helper printed, as a number.
    public func int(_ key: String) -> Int? { values[key].flatMap { Int($0) } }

    deinit {
        // Foundation's waitUntilExit spins a run loop that a test thread never runs; reap directly.
        let pid = process.processIdentifier
        var status: Int32 = 0
        if graceful {
            kill(pid, SIGTERM)
            for _ in 0..<100 {
                if waitpid(pid, &status, WNOHANG) == pid { return }
                usleep(100_000)
            }
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
    }
}
