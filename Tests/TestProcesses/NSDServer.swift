import Foundation

/// A throwaway NSD, an authoritative DNS server (`Tests/PythonHelpers/nsd_server.py`), on a
/// free loopback port, serving the zone files a test writes.
public final class NSDServer: @unchecked Sendable {
    let process = Process()
    let folder: URL
    public let port: Int

    /// Whether NSD is installed here.
    public static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/sbin/nsd") }

    /// `host:port`, as `NEWSLETTER_DNS_SERVER` takes it.
    public var address: String { "127.0.0.1:\(port)" }

    /// Serves each zone: its name (`clinic.example`) and its zone file text.
    public init(zones: [String: String]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("zones-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in zones {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name + ".zone"))
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("PythonHelpers/nsd_server.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, folder.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var text = ""
        while !text.contains("READY\n") && !text.contains("FAILED") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let portLine = text.split(separator: "\n").first { $0.hasPrefix("PORT ") }
        guard text.contains("READY"), let port = portLine.flatMap({ Int($0.dropFirst(5)) }) else {
            kill(process.processIdentifier, SIGKILL)
            throw NSError(domain: "NSDServer", code: 1, userInfo: [NSLocalizedDescriptionKey: "nsd_server.py did not start: \(text)"])
        }
        self.port = port
    }

    /// A zone file: SOA and NS, then `records` (zone-file lines, relative to the zone or absolute).
    public static func zone(_ name: String, _ records: [String]) -> String {
        """
        $ORIGIN \(name).
        $TTL 300
        @ IN SOA ns.\(name). hostmaster.\(name). 1 3600 600 86400 300
        @ IN NS ns.\(name).
        ns IN A 127.0.0.1

        """ + records.joined(separator: "\n") + "\n"
    }

    deinit {
        let pid = process.processIdentifier
        kill(pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<100 {
            if waitpid(pid, &status, WNOHANG) == pid { break }
            usleep(100_000)
        }
        if waitpid(pid, &status, WNOHANG) == 0 {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
        }
        try? FileManager.default.removeItem(at: folder)
    }
}
