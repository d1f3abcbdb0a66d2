/// Unsubscribe tokens in links and mailed requests. A token is `payload.signature` in
/// base64url (see `SubscriberToken`); found ones are not verified here.
enum UnsubscribeTokens {
    /// Tokens in `…/unsubscribe/TOKEN` links (a quoted `List-Unsubscribe`, a body).
    static func inLinks(_ text: String) -> [String] {
        var out: [String] = []
        var rest = Substring(text)
        while let r = rest.range(of: "/unsubscribe/") {
            let token = rest[r.upperBound...].prefix(while: isTokenCharacter)
            if looksLikeToken(token) { out.append(String(token)) }
            rest = rest[r.upperBound...]
        }
        return out
    }

    /// Tokens standing as words in a subject or a body ("unsubscribe TOKEN").
    static func inWords(_ text: String) -> [String] {
        text.split(whereSeparator: { !isTokenCharacter($0) }).filter(looksLikeToken).map(String.init)
    }

    static func isTokenCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == ".")
    }

    static func looksLikeToken(_ s: Substring) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[0].count >= 4 && parts[1].count == 43
    }
}
