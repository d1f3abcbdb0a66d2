/// The mailbox an address reaches, as far as sign-up limits are concerned: the
/// `victim+1@…` … `victim+10@…` of one person are one mailbox, and so are
/// `v.i.c.t.i.m@gmail.com` and `victim@googlemail.com`, where Gmail ignores dots.
public enum MailboxKey {
    /// Domains whose mailboxes ignore dots in the local part.
    static let dotless: [String: String] = ["gmail.com": "gmail.com", "googlemail.com": "gmail.com"]

    /// Lowercased, without a `+tag`, and for Gmail without dots.
    public static func canonical(_ email: String) -> String {
        let lower = email.lowercased()
        guard let at = lower.lastIndex(of: "@") else { return lower }
        var local = lower[..<at]
        var domain = String(lower[lower.index(after: at)...])
        if let plus = local.firstIndex(of: "+"), plus != local.startIndex { local = local[..<plus] }
        if let mapped = dotless[domain] {
            domain = mapped
            local = Substring(local.filter { $0 != "." })
        }
        return local + "@" + domain
    }
}
