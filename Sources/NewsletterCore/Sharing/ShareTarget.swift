/// A place a post can be shared to, and the share link it documents.
public struct ShareTarget: Sendable, Equatable {
    /// A short lowercase key (`facebook`, `x`, …), used in JSON and `--networks`.
    public let key: String
    /// The label shown on a button.
    public let label: String
    let build: @Sendable (_ url: String, _ title: String) -> String

    public static func == (a: ShareTarget, b: ShareTarget) -> Bool { a.key == b.key }

    /// The share link for a post.
    public func link(url: String, title: String) -> String { build(url, title) }

    private static func q(_ s: String) -> String { PercentEncoding.encode(s) }

    /// `https://www.facebook.com/sharer/sharer.php?u=`
    public static let facebook = ShareTarget(key: "facebook", label: "Facebook") { url, _ in
        "https://www.facebook.com/sharer/sharer.php?u=" + q(url)
    }
    /// X's Web Intent: `https://x.com/intent/tweet?text=&url=`
    public static let x = ShareTarget(key: "x", label: "X") { url, title in
        "https://x.com/intent/tweet?text=" + q(title) + "&url=" + q(url)
    }
    /// `https://www.linkedin.com/sharing/share-offsite/?url=`
    public static let linkedin = ShareTarget(key: "linkedin", label: "LinkedIn") { url, _ in
        "https://www.linkedin.com/sharing/share-offsite/?url=" + q(url)
    }
    /// `https://www.reddit.com/submit?url=&title=`
    public static let reddit = ShareTarget(key: "reddit", label: "Reddit") { url, title in
        "https://www.reddit.com/submit?url=" + q(url) + "&title=" + q(title)
    }
    /// Click to chat: `https://wa.me/?text=`
    public static let whatsapp = ShareTarget(key: "whatsapp", label: "WhatsApp") { url, title in
        "https://wa.me/?text=" + q(title + " " + url)
    }
    /// `mailto:?subject=&body=` (RFC 6068)
    public static let email = ShareTarget(key: "email", label: "Email") { url, title in
        "mailto:?subject=" + q(title) + "&body=" + q(url)
    }

    /// The targets the digest shows under each post.
    public static let digestDefaults: [ShareTarget] = [.facebook, .x, .linkedin, .reddit, .whatsapp, .email]
}
