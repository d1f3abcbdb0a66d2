import Foundation
import TestProcesses
import Testing

/// Cron's send and `serve` starting together on a fresh machine: several processes open a
/// new store at the same moment, and every one of them must find the schema in place.
@Suite(.enabled(if: BuiltBinary.available, "build the newsletter executable first"))
struct StoreOpeningRaceTests {
    @Test func fourProcessesOpeningANewStoreAtOnceAllSucceed() throws {
        for round in 0..<15 {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("race-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            var processes: [(Process, URL)] = []
            for n in 0..<4 {
                let process = Process()
                process.executableURL = CLIRunner.binary
                process.arguments = n % 2 == 0 ? ["subscribers", "list"] : ["subscribers", "add", "p\(n)@example.com", "--confirmed"]
                process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NEWSLETTER_SECRET": "k-secret-for-tests-0123456789abcdef"]
                process.currentDirectoryURL = dir
                let log = dir.appendingPathComponent("out-\(n).txt")
                _ = FileManager.default.createFile(atPath: log.path, contents: nil)
                let handle = try FileHandle(forWritingTo: log)
                process.standardOutput = handle
                process.standardError = handle
                processes.append((process, log))
            }
            for (process, _) in processes { try process.run() }
            for (process, _) in processes { Poll.exit(of: process, seconds: 60) }
            for (process, log) in processes {
                let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                #expect(!process.isRunning && process.terminationStatus == 0, "round \(round): \(output)")
            }
        }
    }
}
