import ArgumentParser
import Foundation
import NewsletterCore

/// `newsletter-bench parse`: parses files repeatedly in one process, for the benchmark script.
struct BenchParse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse feed files N times and print the time taken (for Scripts/bench-feeds.sh)."
    )

    @Option(name: .customLong("repeat"), help: "How many times to parse the whole set.")
    var repeatCount: Int = 1

    @Argument(help: "Feed files.")
    var files: [String]

    func run() throws {
        let documents = try files.map { ($0, try Data(contentsOf: URL(fileURLWithPath: $0))) }
        var posts = 0
        var failures = 0
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<max(1, repeatCount) {
            for (path, data) in documents {
                if let result = try? FeedParser.parse(data, source: path) { posts += result.feed.posts.count } else { failures += 1 }
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print(String(format: "documents=%d posts=%d failures=%d seconds=%.4f", documents.count * max(1, repeatCount), posts, failures, seconds))
    }
}
