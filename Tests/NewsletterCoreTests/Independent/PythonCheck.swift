import Foundation

/// Runs `Tests/PythonHelpers/check_email.py` (Python's email package and dkimpy) over messages.
enum PythonCheck {
    struct Case: Encodable {
        var eml: String
        var text: String?
        var html: String?
        var subject: String?
        var to: String?
        var headers: [String]?
        var dns: [String: String]?
    }

    struct Result: Decodable {
        let eml: String
        let problems: [String]
        let dkim: Bool?
    }

    static let supportDirectory = Corpus.packageRoot.appendingPathComponent("Tests/PythonHelpers")

    static func run(_ cases: [Case]) throws -> [Result] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pycheck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let manifest = dir.appendingPathComponent("manifest.json")
        try JSONEncoder().encode(cases).write(to: manifest)
        let output = dir.appendingPathComponent("out.json")
        let errors = dir.appendingPathComponent("err.txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", supportDirectory.appendingPathComponent("check_email.py").path, manifest.path]
        let out = try FileHandle(forWritingTo: output)
        let err = try FileHandle(forWritingTo: errors)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, Date() < deadline { usleep(5000) }
        if process.isRunning { process.terminate() }
        try out.close()
        try err.close()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "PythonCheck", code: Int(process.terminationStatus), userInfo: [
                NSLocalizedDescriptionKey: "check_email.py failed: " + String(decoding: try Data(contentsOf: errors), as: UTF8.self),
            ])
        }
        return try JSONDecoder().decode([Result].self, from: Data(contentsOf: output))
    }

    /// Writes `bytes` to a temporary file and returns its path.
    static func write(_ bytes: [UInt8], name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("emails-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }
}
