import Foundation

/// Which clicks on `/r/…` count (issue 29): not a link scanner's (a mail filter follows every
/// link of every message: known user agents, or none), and a reader's repeated click on the
/// same link within ten minutes once. What it keeps to tell repeats is a 64-bit hash of
/// client address, user agent, issue and link, seeded anew by each process, in memory for
/// ten minutes: nothing about a person is stored, and nothing can be read back from it.
final class ClickFilter: @unchecked Sendable {
    static let window: TimeInterval = 600
    /// Past this many recent clicks the oldest are forgotten (a flood cannot grow memory).
    static let capacity = 50_000

    private let lock = NSLock()
    private var seen: [Int: Date] = [:]

    /// Substrings of the user agents of link scanners, previewers and scripts (lowercased).
    static let machines = ["bot", "crawl", "spider", "slurp", "scan", "preview", "proofpoint", "mimecast", "barracuda", "safelinks",
                           "urldefense", "ironport", "forcepoint", "sophos", "trendmicro", "symantec", "messagelabs", "fortiguard",
                           "python-requests", "python-urllib", "aiohttp", "curl/", "wget/", "go-http-client", "okhttp", "java/",
                           "libwww", "headlesschrome", "phantomjs", "httpclient", "axios", "node-fetch"]

    /// Whether a request with this user agent is a machine's, not a reader's.
    static func isMachine(_ userAgent: String?) -> Bool {
        guard let agent = userAgent?.lowercased(), !agent.trimmingCharacters(in: .whitespaces).isEmpty else { return true }
        return machines.contains { agent.contains($0) }
    }

    /// Whether this click counts; a counted click is remembered for `window`.
    func counts(client: String, userAgent: String?, issue: String, link: String, now: Date) -> Bool {
        guard !Self.isMachine(userAgent) else { return false }
        var hasher = Hasher()
        for part in [client, userAgent ?? "", issue, link] { hasher.combine(part) }
        let key = hasher.finalize()
        return lock.withLock {
            if let at = seen[key], now.timeIntervalSince(at) < Self.window, now >= at { return false }
            if seen.count >= Self.capacity {
                seen = seen.filter { now.timeIntervalSince($0.value) < Self.window }
                if seen.count >= Self.capacity { seen.removeAll(keepingCapacity: true) }
            }
            seen[key] = now
            return true
        }
    }
}
