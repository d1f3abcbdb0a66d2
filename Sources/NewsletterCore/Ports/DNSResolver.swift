/// A DNS record type that `newsletter check` asks for (RFC 1035 §3.2.2, RFC 3596).
public enum DNSRecordType: UInt16, Sendable, CustomStringConvertible {
    case a = 1
    case cname = 5
    case mx = 15
    case txt = 16
    case aaaa = 28

    public var description: String {
        switch self {
        case .a: "A"
        case .cname: "CNAME"
        case .mx: "MX"
        case .txt: "TXT"
        case .aaaa: "AAAA"
        }
    }
}

/// One answer's data.
public enum DNSRecord: Sendable, Equatable {
    /// A TXT record's character-strings, in order (RFC 1035 §3.3.14).
    case txt([String])
    case mx(preference: Int, exchange: String)
    /// An A or AAAA record's address, as text.
    case address(String)
    case cname(String)

    /// A TXT record's strings joined, as SPF, DKIM and DMARC read them (RFC 7208 §3.3).
    public var text: String? {
        if case .txt(let strings) = self { return strings.joined() }
        return nil
    }
}

/// Why a DNS question got no usable answer: no reply in time, or an error code.
public struct DNSError: Error, CustomStringConvertible, Sendable {
    public let description: String
    /// True when no server answered at all (as opposed to an answer with an error code).
    public let unreachable: Bool

    public init(_ description: String, unreachable: Bool = false) {
        self.description = description
        self.unreachable = unreachable
    }
}

/// Asks DNS questions (the port behind `newsletter check`).
public protocol DNSResolver: Sendable {
    /// The records of `type` at `name` (following a CNAME in the answer); empty when the
    /// name or the type does not exist (NXDOMAIN or NODATA).
    func lookup(_ name: String, _ type: DNSRecordType) async throws -> [DNSRecord]
    /// Whether `name` exists in the DNS: false only on NXDOMAIN (a name with no records of
    /// its own but names below it exists), as DMARC's `np=` needs (RFC 9989 §4.10.1).
    func exists(_ name: String) async throws -> Bool
    /// The server asked, for messages (`127.0.0.1:53`).
    var serverDescription: String { get }
}
