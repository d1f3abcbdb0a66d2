/// The Public Suffix List's rules (publicsuffix.org) and the organisational domain that
/// DMARC aligns on: the public suffix plus one label (RFC 7489 §3.2).
public struct PublicSuffixList: Sendable {
    private var rules: Set<String> = []
    private var wildcards: Set<String> = []
    private var exceptions: Set<String> = []

    /// Reads the list's text (`public_suffix_list.dat`): one rule per line, `//` comments,
    /// `*.` wildcards and `!` exceptions.
    public init(text: String) {
        for line in text.split(whereSeparator: \.isNewline) {
            guard let rule = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first, !rule.hasPrefix("//") else { continue }
            let lower = rule.lowercased()
            if lower.hasPrefix("!") {
                exceptions.insert(String(lower.dropFirst()))
            } else if lower.hasPrefix("*.") {
                wildcards.insert(String(lower.dropFirst(2)))
            } else {
                rules.insert(lower)
            }
        }
    }

    /// A few multi-label suffixes, for a machine without the list (Debian's `publicsuffix`
    /// package installs it in /usr/share/publicsuffix); other names fall back on the
    /// list's default rule, the last label.
    public static let builtIn = PublicSuffixList(text: """
        co.uk\norg.uk\nac.uk\ngov.uk\nltd.uk\nplc.uk\nme.uk\nnhs.uk\ncom.au\nnet.au\norg.au\nedu.au\ngov.au\nasn.au\nid.au
        co.nz\norg.nz\nnet.nz\nco.jp\nne.jp\nor.jp\nco.za\norg.za\ncom.br\nnet.br\norg.br\ncom.mx\norg.mx\nco.in\norg.in\nnet.in
        com.sg\norg.sg\ncom.hk\norg.hk\ncom.cn\nnet.cn\norg.cn\ncom.tw\nco.kr\nor.kr\ncom.tr\ncom.ar\ncom.co\nco.il\norg.il\ngv.at
        co.at\nor.at\nqc.ca\non.ca\nbc.ca\nab.ca\nco.ke\ncom.ng\ncom.pl\nnet.pl\norg.pl\ncom.es\norg.es\ncom.pt\ncom.ua\ncom.ru
        github.io\ngitlab.io\nnetlify.app\nvercel.app\npages.dev\nherokuapp.com\nblogspot.com\nwordpress.com\nsquarespace.com
        """)

    /// The public suffix of `domain` (at least its last label).
    public func suffix(of domain: String) -> String {
        let labels = Self.labels(domain)
        guard !labels.isEmpty else { return "" }
        var best = 1
        for count in 1...labels.count {
            let candidate = labels.suffix(count).joined(separator: ".")
            if exceptions.contains(candidate) {
                best = count - 1
                break
            }
            if rules.contains(candidate) { best = max(best, count) }
            if count < labels.count, wildcards.contains(candidate) { best = max(best, count + 1) }
        }
        return labels.suffix(best).joined(separator: ".")
    }

    /// The organisational domain: the suffix and one label more; the domain itself when
    /// it is a public suffix.
    public func organizationalDomain(of domain: String) -> String {
        let labels = Self.labels(domain)
        let suffixCount = Self.labels(suffix(of: domain)).count
        return labels.suffix(min(labels.count, suffixCount + 1)).joined(separator: ".")
    }

    /// Relaxed alignment: the same organisational domain (RFC 7489 §3.1).
    public func aligned(_ a: String, _ b: String, strict: Bool = false) -> Bool {
        let x = Self.labels(a).joined(separator: "."), y = Self.labels(b).joined(separator: ".")
        return strict ? x == y : organizationalDomain(of: x) == organizationalDomain(of: y)
    }

    static func labels(_ domain: String) -> [String] {
        domain.lowercased().split(separator: ".").map(String.init)
    }
}
