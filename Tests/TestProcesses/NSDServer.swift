import Foundation

/// A throwaway NSD, an authoritative DNS server (`Tests/PythonHelpers/nsd_server.py`), on a
/// free loopback port, serving the zone files a test writes.
public final class NSDServer: @unchecked Sendable {
    let helper: HelperProcess
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
        helper = try HelperProcess(script: "nsd_server.py", arguments: [folder.path], graceful: true) { $0["READY"] != nil && $0["PORT"] != nil }
        port = helper.int("PORT") ?? 0
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
        try? FileManager.default.removeItem(at: folder)
    }
}
