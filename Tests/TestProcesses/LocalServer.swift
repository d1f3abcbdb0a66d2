import Foundation

/// A helper process from `Tests/PythonHelpers` listening on a free loopback port.
public final class LocalServer: @unchecked Sendable {
    let helper: HelperProcess
    public let port: Int

    public var base: String { "http://127.0.0.1:\(port)" }

    /// Starts `Tests/PythonHelpers/<script>` and waits for its `PORT n` line.
    public init(script: String) throws {
        helper = try HelperProcess(script: script) { $0["PORT"] != nil }
        port = helper.int("PORT") ?? 0
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
