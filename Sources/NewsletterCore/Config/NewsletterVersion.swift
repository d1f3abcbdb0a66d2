/// The tool's version, in `--version` and in the one User-Agent of every HTTP request.
public enum NewsletterVersion {
    public static let number = "0.1.0"
    /// `newsletter/0.1.0`.
    public static let userAgent = "newsletter/" + number
}
