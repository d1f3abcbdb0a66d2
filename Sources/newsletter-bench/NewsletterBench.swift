import ArgumentParser

/// Measurements inside one process for the benchmark scripts, kept out of the shipped
/// `newsletter` binary.
@main
struct NewsletterBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsletter-bench",
        abstract: "In-process measurements for Scripts/bench-feeds.sh and Scripts/bench-compose.sh.",
        subcommands: [BenchParse.self, BenchCompose.self]
    )
}
