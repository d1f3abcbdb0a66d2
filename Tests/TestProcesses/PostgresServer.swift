import Foundation

/// A throwaway PostgreSQL cluster (`Tests/PythonHelpers/postgres_server.py`) on a free
/// loopback port, shared by the tests of one process; each test makes its own database.
/// The helper stops the cluster when this process ends.
public final class PostgresServer: @unchecked Sendable {
    let helper: HelperProcess
    public let port: Int
    public let socketDirectory: String
    public let password: String
    let binDirectory: String

    /// Whether Debian's postgresql is installed here.
    public static var available: Bool {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .contains { FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/initdb") }
    }

    /// The cluster of this test process, started on first use.
    public static let shared: PostgresServer? = available ? try? PostgresServer() : nil

    init() throws {
        // The helper stops the cluster when this process ends.
        helper = try HelperProcess(script: "postgres_server.py", quiet: true)
        let values = helper.values
        guard let port = values["PORT"].flatMap(Int.init), let socket = values["SOCKET"], let password = values["PASSWORD"],
              let bin = values["BIN"] else {
            throw NSError(domain: "PostgresServer", code: 1, userInfo: [NSLocalizedDescriptionKey: "postgres_server.py did not say its port: \(values)"])
        }
        self.port = port
        socketDirectory = socket
        self.password = password
        binDirectory = bin
    }

    /// A new empty database, as a `NEWSLETTER_DB` URL (password in it).
    public func freshDatabase(prefix: String = "t") throws -> String {
        let name = prefix + "_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        try psql("CREATE DATABASE \(name)")
        return url(database: name)
    }

    public func url(database: String, withPassword: Bool = true) -> String {
        "postgres://newsletter\(withPassword ? ":" + password : "")@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    /// Runs SQL as the superuser over the Unix socket.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binDirectory + "/psql")
        p.arguments = ["-h", socketDirectory, "-p", String(port), "-U", "newsletter", "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let problems = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw NSError(domain: "PostgresServer", code: Int(p.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "psql failed: \(String(decoding: problems, as: UTF8.self))"])
        }
        return String(decoding: data, as: UTF8.self)
    }
}
