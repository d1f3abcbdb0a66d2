import Foundation
import NewsletterCore
import NewsletterSocial

/// What `newsletter share` prints: share links in three formats, and what posting did.
struct ShareOutput {
    let console: Console

    /// The share links of each post for `targets`; `named`: the networks were asked for by
    /// name, so a network without a link (Mastodon with no instance) is warned about.
    func links(_ shares: [SharePost], targets: [ShareTarget], named: Bool, format: ShareCommand.Format, settings: ShareSettings,
               templates: @autoclosure () throws -> TemplateSet) throws {
        for share in shares {
            let links = targets.compactMap { target in target.link(for: share, settings: settings).map { (target, $0) } }
            if named, let missing = targets.first(where: { $0.link(for: share, settings: settings) == nil }) {
                console.warning("No \(missing.label) link: set \(SettingKey.mastodonAPIBase) (or \(SettingKey.mastodonAPIBase.configKey ?? "") in newsletter.toml) to the instance's address.")
            }
            switch format {
            case .text:
                var text = share.title + "\n" + share.url + "\n\n"
                let width = (links.map { $0.0.key.count }.max() ?? 0) + 2
                for (target, link) in links { text += target.key.padding(toLength: width, withPad: " ", startingAt: 0) + link + "\n" }
                console.write(text)
            case .json:
                console.print(JSONValue.object([
                    ("url", .string(share.url)), ("title", .string(share.title)), ("summary", .string(share.summary)),
                    ("links", .object(links.map { ($0.0.key, .string($0.1)) })),
                ]).render())
            case .html:
                console.print(try templates().shareButtons(for: share, targets: targets, settings: settings).trimmingCharacters(in: .newlines))
            }
        }
    }

    /// One line per network and post.
    func say(_ event: SharePublisher.Event) {
        switch event {
        case .skipped(let network, let title, let record):
            console.print("\(network): already posted \"\(title)\" on \(UTCFormat.string(record.posted, "yyyy-MM-dd"))\(record.remoteURL.map { " (" + $0 + ")" } ?? ""); skipped (--force posts again).")
        case .dryRun(let network):
            console.print("# \(network)")
        case .posted(let network, let title, let id, let url):
            console.print("\(network): posted \"\(title)\"\(url.map { " at " + $0 } ?? " (id \(id))").")
        case .duplicate(let network, let message):
            console.print("\(network): already there (\(message)); recorded as posted.")
        case .failed(_, let error):
            console.error(String(describing: error))
        }
    }
}
