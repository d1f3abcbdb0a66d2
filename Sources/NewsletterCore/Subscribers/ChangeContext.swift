/// The request behind a change (a web sign-up, a confirmation), kept as consent evidence.
public struct ChangeContext: Sendable, Equatable {
    public var ip: String?
    public var userAgent: String?
    /// The console user who made the change (source `admin`), named in the log's detail.
    public var by: String?

    public init(ip: String?, userAgent: String?, by: String? = nil) {
        self.ip = ip
        self.userAgent = userAgent
        self.by = by
    }

    /// The consent log's detail for a change made in this context: the change's own detail,
    /// then who made it in the console.
    public static func detail(_ detail: String?, _ context: ChangeContext?) -> String? {
        guard let by = context?.by else { return detail }
        return [detail, "by " + by].compactMap { $0 }.joined(separator: "; ")
    }
}
