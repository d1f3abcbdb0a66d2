

/// Namespace URIs the feed readers look for.
public enum XMLNamespaces {
    public static let xml = "http://www.w3.org/XML/1998/namespace"
    public static let atom10 = "http://www.w3.org/2005/Atom"
    public static let atom03 = "http://purl.org/atom/ns#"
    public static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    public static let rss10 = "http://purl.org/rss/1.0/"
    public static let rss090 = "http://my.netscape.com/rdf/simple/0.9/"
    public static let dc = "http://purl.org/dc/elements/1.1/"
    public static let dcterms = "http://purl.org/dc/terms/"
    public static let content = "http://purl.org/rss/1.0/modules/content/"
    public static let media = "http://search.yahoo.com/mrss/"
    public static let itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd"
    /// The iTunes namespace as Apple documents it and as feeds often capitalise it.
    public static let itunesAll: Set<String?> = [itunes, "http://www.itunes.com/DTDs/Podcast-1.0.dtd"]
    public static let xhtml = "http://www.w3.org/1999/xhtml"

    /// Prefixes that real feeds use without declaring them; resolved with a diagnostic.
    static let wellKnownPrefixes: [String: String] = [
        "dc": dc, "dcterms": dcterms, "content": content, "media": media, "itunes": itunes,
        "atom": atom10, "rdf": rdf, "xhtml": xhtml,
    ]
}
