/// What the configuration says about sending, as the checks read it.
public struct SendingSetup: Sendable {
    /// The configured From address; nil when `NEWSLETTER_FROM` is not set.
    public var from: EmailAddress?
    public var baseURL: String
    public var bounceAddress: String?
    /// The DKIM signers built from the configuration (empty when signing is off).
    public var signers: [DKIMSigner]
    /// The configured key files, in the order of `signers`.
    public var keyPaths: [String]
    /// Why configured DKIM keys cannot be used (an unreadable key), when that is so.
    public var dkimProblem: String?

    public init(from: EmailAddress?, baseURL: String, bounceAddress: String?, signers: [DKIMSigner] = [], keyPaths: [String] = [],
                dkimProblem: String? = nil) {
        self.from = from
        self.baseURL = baseURL
        self.bounceAddress = bounceAddress
        self.signers = signers
        self.keyPaths = keyPaths
        self.dkimProblem = dkimProblem
    }

    /// The domain of the envelope sender (`MAIL FROM`), which SPF checks: the bounce
    /// address's, else the From address's.
    public var envelopeDomain: String? {
        (bounceAddress.map { EmailAddress($0).domain } ?? from?.domain).map { $0.lowercased() }
    }
}
