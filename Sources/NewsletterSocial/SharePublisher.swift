import Foundation
import NewsletterCore

/// The use case "share posts to the networks": each post once per network (the social
/// ledger remembers), each network failing on its own, a forced repost never folded into
/// the first. What happens is told through `report`, for the CLI (and later the console)
/// to say in its own words.
public struct SharePublisher: Sendable {
    /// One step of a run.
    public enum Event: Sendable {
        /// The store says the post went to this network before (`--force` posts again).
        case skipped(network: String, title: String, record: SocialPostRecord)
        /// A dry run is about to print this network's request.
        case dryRun(network: String)
        case posted(network: String, title: String, remoteID: String, url: String?)
        /// The network already had it; recorded as posted.
        case duplicate(network: String, message: String)
        case failed(network: String, error: any Error)
    }

    let ledger: any SocialLedger
    let posters: [any SocialPoster]
    let http: SocialHTTP
    let settings: ShareSettings
    let force: Bool
    let dryRun: Bool
    /// When a post counts as posted (the run's time).
    let now: Date
    let clock: @Sendable () -> Date

    public init(ledger: any SocialLedger, posters: [any SocialPoster], http: SocialHTTP, settings: ShareSettings, force: Bool, dryRun: Bool,
                now: Date, clock: @escaping @Sendable () -> Date) {
        self.now = now
        self.ledger = ledger
        self.posters = posters
        self.http = http
        self.settings = settings
        self.force = force
        self.dryRun = dryRun
        self.clock = clock
    }

    /// Shares each post to each network; false when any network failed.
    public func publish(_ shares: [SharePost], report: (Event) -> Void) async throws -> Bool {
        var allPosted = true
        for share in shares {
            for poster in posters {
                if !force, let record = try await ledger.socialPost(network: poster.key, postID: share.id) {
                    report(.skipped(network: poster.name, title: share.title, record: record))
                    continue
                }
                var tagged = share
                tagged.url = settings.url(share.url, for: poster.key)
                // A forced repost must not be folded into the first by an idempotency key.
                if force { tagged.id = share.id + "#" + String(Int(clock().timeIntervalSince1970)) }
                if dryRun { report(.dryRun(network: poster.name)) }
                do {
                    let outcome = try await SocialConfiguration.publish(tagged, with: poster, http: http)
                    if dryRun { continue }
                    switch outcome {
                    case .posted(let id, let url):
                        try await ledger.recordSocialPost(SocialPostRecord(network: poster.key, postID: share.id, postURL: share.url, remoteID: id, remoteURL: url, posted: now))
                        report(.posted(network: poster.name, title: share.title, remoteID: id, url: url))
                    case .duplicate(let message):
                        try await ledger.recordSocialPost(SocialPostRecord(network: poster.key, postID: share.id, postURL: share.url, remoteID: nil, remoteURL: nil, posted: now))
                        report(.duplicate(network: poster.name, message: message))
                    }
                } catch {
                    report(.failed(network: poster.name, error: error))
                    allPosted = false
                }
            }
        }
        return allPosted
    }
}
