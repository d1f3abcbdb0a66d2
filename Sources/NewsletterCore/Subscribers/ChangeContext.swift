/// The request behind a change (a web sign-up, a confirmation), kept as consent evidence.
public struct ChangeContext: Sendable, Equatable {
    public var ip: String?
    public var userAgent: String?

    public init(ip: String?, userAgent: String?) {
        self.ip = ip
        self.userAgent = userAgent
    }
}
