

/// A place a post can be shared to, and the share link it documents.
public struct ShareTarget: Sendable, Equatable {
    /// A short lowercase key (`facebook`, `x`, …), used in JSON and `--networks`.
    public let key: String
    /// The label shown on a button.
    public let label: String
    /// Builds the link from the post, its (tagged) URL and the settings; nil when the
    /// network needs a setting that is missing.
    let build: @Sendable (_ post: SharePost, _ url: String, _ settings: ShareSettings) -> String?

    public static func == (a: ShareTarget, b: ShareTarget) -> Bool { a.key == b.key }

    /// The share link for a post, or nil when a setting it needs is missing (Mastodon's instance).
    public func link(for post: SharePost, settings: ShareSettings = ShareSettings()) -> String? {
        build(post, settings.url(post.url, for: key), settings)
    }

    /// The share link for a URL and title.
    public func link(url: String, title: String) -> String? {
        link(for: SharePost(url: url, title: title))
    }

    private static func q(_ s: String) -> String { PercentEncoding.encode(s) }

    /// `https://www.facebook.com/sharer/sharer.php?u=`
    public static let facebook = ShareTarget(key: "facebook", label: "Facebook") { _, url, _ in
        "https://www.facebook.com/sharer/sharer.php?u=" + q(url)
    }
    /// X's Web Intent: `https://x.com/intent/tweet?text=&url=&hashtags=&via=`, the text cut so
    /// the whole post fits 280 weighted characters.
    public static let x = ShareTarget(key: "x", label: "X") { post, url, settings in
        let text = XText.fit(post.title, url: url, hashtags: post.hashtags, via: settings.xVia)
        var link = "https://x.com/intent/tweet?text=" + q(text) + "&url=" + q(url)
        if !post.hashtags.isEmpty { link += "&hashtags=" + q(post.hashtags.joined(separator: ",")) }
        if let via = settings.xVia, !via.isEmpty { link += "&via=" + q(via) }
        return link
    }
    /// `https://www.linkedin.com/sharing/share-offsite/?url=`
    public static let linkedin = ShareTarget(key: "linkedin", label: "LinkedIn") { _, url, _ in
        "https://www.linkedin.com/sharing/share-offsite/?url=" + q(url)
    }
    /// `https://www.reddit.com/submit?url=&title=`
    public static let reddit = ShareTarget(key: "reddit", label: "Reddit") { post, url, _ in
        "https://www.reddit.com/submit?url=" + q(url) + "&title=" + q(post.title)
    }
    /// Click to chat: `https://wa.me/?text=` with the title and the URL.
    public static let whatsapp = ShareTarget(key: "whatsapp", label: "WhatsApp") { post, url, _ in
        "https://wa.me/?text=" + q(post.title.isEmpty ? url : post.title + " " + url)
    }
    /// Bluesky's compose intent: `https://bsky.app/intent/compose?text=`.
    public static let bluesky = ShareTarget(key: "bluesky", label: "Bluesky") { post, url, _ in
        "https://bsky.app/intent/compose?text=" + q(post.title.isEmpty ? url : post.title + " " + url)
    }
    /// The instance's share page: `https://INSTANCE/share?text=`.
    public static let mastodon = ShareTarget(key: "mastodon", label: "Mastodon") { post, url, settings in
        guard var instance = settings.mastodonInstance, !instance.isEmpty else { return nil }
        while instance.hasSuffix("/") { instance.removeLast() }
        if !instance.contains("://") { instance = "https://" + instance }
        return instance + "/share?text=" + q(post.title.isEmpty ? url : post.title + " " + url)
    }
    /// Threads' web intent: `https://www.threads.net/intent/post?text=&url=`.
    public static let threads = ShareTarget(key: "threads", label: "Threads") { post, url, _ in
        "https://www.threads.net/intent/post?text=" + q(post.title) + "&url=" + q(url)
    }
    /// `https://t.me/share/url?url=&text=`
    public static let telegram = ShareTarget(key: "telegram", label: "Telegram") { post, url, _ in
        "https://t.me/share/url?url=" + q(url) + "&text=" + q(post.title)
    }
    /// `https://news.ycombinator.com/submitlink?u=&t=`
    public static let hackernews = ShareTarget(key: "hackernews", label: "Hacker News") { post, url, _ in
        "https://news.ycombinator.com/submitlink?u=" + q(url) + "&t=" + q(post.title)
    }
    /// `https://www.pinterest.com/pin/create/button/?url=&media=&description=`
    public static let pinterest = ShareTarget(key: "pinterest", label: "Pinterest") { post, url, _ in
        var link = "https://www.pinterest.com/pin/create/button/?url=" + q(url)
        if let image = post.image { link += "&media=" + q(image) }
        return link + "&description=" + q(post.title)
    }
    /// `mailto:?subject=&body=` (RFC 6068)
    public static let email = ShareTarget(key: "email", label: "Email") { post, url, _ in
        "mailto:?subject=" + q(post.title) + "&body=" + q(post.summary.isEmpty ? url : post.summary + "\n\n" + url)
    }

    /// Every target, in the order buttons show them.
    public static let all: [ShareTarget] = [.facebook, .x, .linkedin, .reddit, .whatsapp, .bluesky, .mastodon, .threads, .telegram, .hackernews, .pinterest, .email]

    /// The targets the digest shows under each post.
    public static let digestDefaults: [ShareTarget] = [.facebook, .x, .linkedin, .reddit, .whatsapp, .email]

    /// The targets named in a comma-separated list (`x,facebook`; `twitter` is `x`, `hn` is
    /// `hackernews`), or a sentence naming the unknown one.
    public static func named(_ list: String) -> Result<[ShareTarget], ShareListError> {
        var out: [ShareTarget] = []
        for raw in list.split(separator: ",") {
            var name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            if name == "twitter" { name = "x" }
            if name == "hn" { name = "hackernews" }
            if name.isEmpty { continue }
            guard let target = all.first(where: { $0.key == name }) else { return .failure(ShareListError(name: name)) }
            if !out.contains(target) { out.append(target) }
        }
        return .success(out)
    }
}
