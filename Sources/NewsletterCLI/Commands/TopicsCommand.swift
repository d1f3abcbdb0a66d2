import ArgumentParser
import Foundation
import NewsletterCore

/// `newsletter topics [--json]`: the configured topics, their posts of the last 90 days and
/// readers, and the categories that belong to none.
struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "List the topics readers can follow, with their posts of the last 90 days and their readers.",
        discussion: """
        Topics are [topic.KEY] tables in the config file (title, description, categories); \
        a post belongs to every topic one of whose categories it carries (case and accents \
        ignored), and a post in no topic goes to everyone.

        Examples:
          newsletter topics
          newsletter topics --json
        """
    )

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON instead of text.") var json = false

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            let catalog = env.settings.topics
            let posts = catalog.isEmpty ? [] : try await env.readFeed(flag: nil, console: console).posts
            let choices = try await env.stores().issues.topicChoices(.everyone, now: env.now)
            let figures = TopicFigures(catalog: catalog, posts: posts, choices: choices, now: env.now)
            if json {
                console.print(figures.json.render(pretty: true))
            } else {
                for line in figures.lines { console.print(line) }
            }
        }
    }
}
