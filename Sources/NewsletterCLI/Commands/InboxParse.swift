import ArgumentParser
import Foundation
import NewsletterCore

/// `newsletter inbox parse FILE|DIR... [--json]`: classify, change nothing.
struct InboxParse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Classify messages (.eml files or Maildirs) and print what 'process' would do, changing nothing.",
        discussion: "Example:\n  newsletter inbox parse bounce.eml Maildir/ --json"
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Message files, folders of them, or Maildirs (new/ and cur/ are read).") var paths: [String]
    @Flag(help: "Print JSON (one object per message).") var json = false

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            let processor = try env.inboxProcessor()
            var outputs: [JSONValue] = []
            for path in paths {
                for file in try Self.files(path) {
                    guard let data = FileManager.default.contents(atPath: file) else {
                        throw CLIError("The message \(file) cannot be read.")
                    }
                    let bytes = [UInt8](data)
                    let report = ReportParser.parse(bytes)
                    let result = try await processor.process(report, key: InboxRun.key(bytes), dryRun: true, now: env.now)
                    if json { outputs.append(InboxOutput.json(file: file, result: result, report: report)) }
                    else { console.print(InboxOutput.line(file: file, result: result, report: report)) }
                }
            }
            if json { console.print(JSONValue.array(outputs).render()) }
        }
    }

    /// The files a path names: itself, a folder's files, or a Maildir's new/ and cur/.
    static func files(_ path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError("\(path) does not exist.")
        }
        guard isDirectory.boolValue else { return [path] }
        let fm = FileManager.default
        let folders = ["new", "cur"].map { path + "/" + $0 }.filter { fm.fileExists(atPath: $0) }
        let roots = folders.isEmpty ? [path] : folders
        return roots.flatMap { root in
            ((try? fm.contentsOfDirectory(atPath: root)) ?? []).filter { !$0.hasPrefix(".") }.sorted().map { root + "/" + $0 }
                .filter { var d: ObjCBool = false; return fm.fileExists(atPath: $0, isDirectory: &d) && !d.boolValue }
        }
    }
}
