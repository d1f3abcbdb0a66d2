import Foundation

/// Sisimai (Debian's libsisimai-perl), an independent reading of a bounce.
public enum Sisimai {
    public static var isInstalled: Bool {
        FileManager.default.fileExists(atPath: "/usr/share/perl5/Sisimai.pm")
    }

    /// Sisimai's rows for one message (`Sisimai->dump`): recipient, deliverystatus,
    /// reason, softbounce and the rest.
    public static func dump(_ message: Data) throws -> [[String: Any]] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sisimai-\(UUID().uuidString).eml")
        try message.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/perl")
        process.arguments = ["-MSisimai", "-e", "print Sisimai->dump($ARGV[0])", file.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        Poll.exit(of: process)
        guard process.terminationStatus == 0 else { throw CocoaError(.fileReadUnknown) }
        return (try JSONSerialization.jsonObject(with: data) as? [[String: Any]]) ?? []
    }
}
