/// The DNS records a new sender publishes, each with a one-line explanation: the DKIM key
/// (RFC 6376 §3.6.1), a starter SPF (RFC 7208) and a starter DMARC record (RFC 7489).
public enum StarterRecords {
    public struct Record: Sendable {
        public var title: String
        public var explanation: String
        public var name: String
        public var value: String

        /// The zone-file line, with the value in strings of at most 255 octets.
        public var zoneLine: String { TXTRecordText.zoneLine(name: name, value: value) }
    }

    /// - Parameters:
    ///   - keys: the selector and key of each DKIM signature, on `dkimDomain`.
    ///   - envelopeDomain: the domain of `MAIL FROM` (the bounce address's), which SPF covers.
    ///   - fromDomain: the From domain, whose organisational domain carries DMARC.
    ///   - reports: where DMARC aggregate reports go.
    public static func records(keys: [(selector: String, key: DKIMKey)], dkimDomain: String, envelopeDomain: String, fromDomain: String,
                               reports: String, psl: PublicSuffixList = .builtIn) -> [Record] {
        var out = keys.map { selector, key in
            Record(title: "DKIM (\(key.summary))",
                   explanation: "lets receivers check that mail signed with this key really comes from \(dkimDomain).",
                   name: "\(selector)._domainkey.\(dkimDomain)", value: key.dnsRecord)
        }
        out.append(Record(title: "SPF",
                          explanation: "names the servers that may send mail for \(envelopeDomain) (mx: its own mail servers; add include:… for an email service, and keep one SPF record per domain); ~all marks other senders suspect.",
                          name: envelopeDomain, value: "v=spf1 mx ~all"))
        let org = psl.organizationalDomain(of: fromDomain)
        out.append(Record(title: "DMARC",
                          explanation: "tells receivers what to do with mail that fails both checks; p=none only collects reports while you watch, then move to p=quarantine.",
                          name: "_dmarc.\(org)", value: "v=DMARC1; p=none; rua=mailto:\(reports)"))
        return out
    }
}
