import Foundation

/// Runs one of `Tests/PythonHelpers/` and reads the JSON it prints.
public enum PythonScript {
    public static func json(_ name: String, _ arguments: [String]) throws -> Any {
        let script = path(name)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let problems = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "PythonScript", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "\(name) failed: \(String(decoding: problems, as: UTF8.self))"])
        }
        return try JSONSerialization.jsonObject(with: data)
    }

    static func path(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("PythonHelpers/" + name)
    }

    /// Runs a helper to its end: its exit status and what it printed (stdout and stderr
    /// together); `environment` replaces the inherited one when given.
    public static func run(_ name: String, _ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
        let script = path(name)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + arguments
        if let environment { process.environment = environment }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
