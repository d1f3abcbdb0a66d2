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
            let files = try paths.flatMap(Self.files)
            // Reading is pure work on each file: a batch is parsed on every core while the
            // one before it is attributed (store reads, also side by side), in order; the
            // JSON array is written an element at a time, so memory does not grow with it.
            var out: [UInt8] = json ? [UInt8(ascii: "[")] : []
            var first = true
            let batches = stride(from: 0, to: files.count, by: Self.batch).map { Array(files[$0..<min(files.count, $0 + Self.batch)]) }
            var next = batches.first.map { first in Task.detached { try Self.parse(first) } }
            for index in batches.indices {
                guard let current = next else { break }
                let parsedBatch = try await current.value
                next = index + 1 < batches.count ? Task.detached { [batch = batches[index + 1]] in try Self.parse(batch) } : nil
                let results = try await Self.attribute(parsedBatch, processor: processor, now: env.now)
                for (parsed, result) in zip(parsedBatch, results) {
                    guard json else {
                        console.print(InboxOutput.line(file: parsed.file, result: result, report: parsed.report))
                        continue
                    }
                    if !first { out.append(UInt8(ascii: ",")) }
                    JSONValue.newline(&out, indent: 1)
                    InboxOutput.json(file: parsed.file, result: result, report: parsed.report).write(to: &out, pretty: true, indent: 1)
                    first = false
                }
                if out.count > 64 * 1024 {
                    console.write(bytes: out)
                    out.removeAll(keepingCapacity: true)
                }
            }
            if json {
                if !first { JSONValue.newline(&out, indent: 0) }
                out += "]\n".utf8
                console.write(bytes: out)
            }
        }
    }

    static let batch = 256

    /// Each parsed message attributed as `inbox process --dry-run` would, several at once.
    static func attribute(_ batch: [(file: String, report: InboundReport, key: String)], processor: InboxProcessor,
                          now: Date) async throws -> [InboxProcessor.Result] {
        try await withThrowingTaskGroup(of: (Int, InboxProcessor.Result).self) { group in
            for (i, parsed) in batch.enumerated() {
                group.addTask { (i, try await processor.process(parsed.report, key: parsed.key, dryRun: true, now: now)) }
            }
            var results = [InboxProcessor.Result?](repeating: nil, count: batch.count)
            for try await (i, result) in group { results[i] = result }
            return results.map { $0! }
        }
    }

    /// Each file read and parsed, in order, the files spread over every core.
    static func parse(_ files: [String]) throws -> [(file: String, report: InboundReport, key: String)] {
        let slots = ParsedSlots(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            guard let data = FileManager.default.contents(atPath: files[i]) else { return }
            let bytes = [UInt8](data)
            slots.set(i, (files[i], ReportParser.parse(bytes), InboxRun.key(bytes)))
        }
        return try files.indices.map { i in
            guard let parsed = slots.get(i) else { throw CLIError("The message \(files[i]) cannot be read.") }
            return parsed
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

/// The parsed files of a batch, filled from every core.
final class ParsedSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [(file: String, report: InboundReport, key: String)?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: (file: String, report: InboundReport, key: String)) { lock.withLock { slots[i] = value } }
    func get(_ i: Int) -> (file: String, report: InboundReport, key: String)? { lock.withLock { slots[i] } }
}
