/// X's text counting (twitter-text v3): most scripts' characters weigh 2, Latin and common
/// punctuation 1, an emoji 2 however many code points it has, and every URL 23.
public enum XText {
    public static let limit = 280
    public static let urlWeight = 23

    /// The weighted length of plain text (no URLs in it).
    public static func weight(_ text: String) -> Int {
        var total = 0
        for character in text {
            if isEmoji(character) {
                total += 2
                continue
            }
            for scalar in character.unicodeScalars {
                total += isLight(scalar.value) ? 1 : 2
            }
        }
        return total
    }

    /// The weighted length of `text url #tag… via @via` as an intent composes it.
    public static func weight(text: String, hashtags: [String], via: String?) -> Int {
        var total = weight(text) + (text.isEmpty ? 0 : 1) + urlWeight
        for tag in hashtags { total += 2 + weight(tag) }
        if let via, !via.isEmpty { total += 6 + weight(via) }
        return total
    }

    /// `text`, shortened at a word boundary with an ellipsis when the whole post
    /// (text, URL, hashtags, via) would pass 280 weighted characters.
    public static func fit(_ text: String, url: String, hashtags: [String] = [], via: String? = nil) -> String {
        let room = limit - (weight(text: "", hashtags: hashtags, via: via)) - 1
        return shorten(text, to: room)
    }

    /// `text` cut to at most `room` weighted characters, at a word boundary, with "…"
    /// (which itself weighs 2: U+2026 is outside twitter-text's light ranges).
    public static func shorten(_ text: String, to room: Int) -> String {
        guard weight(text) > room else { return text }
        let ellipsis = weight("…")
        guard room > ellipsis else { return "" }
        return HTMLText.excerpt(text, limit: room - ellipsis) { weight(String($0)) }
    }

    /// The ranges twitter-text weighs 1: Latin-1 through Latin Extended, general
    /// punctuation spaces, dashes and quotes, primes.
    private static func isLight(_ v: UInt32) -> Bool {
        (0...4351).contains(v) || (8192...8205).contains(v) || (8208...8223).contains(v) || (8242...8247).contains(v)
    }

    private static func isEmoji(_ character: Character) -> Bool {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return false }
        if scalars.count > 1, scalars.contains(where: { $0.value == 0xFE0F || $0.value == 0x200D || (0x1F3FB...0x1F3FF).contains($0.value) }) {
            return first.properties.isEmoji
        }
        return first.properties.isEmojiPresentation
    }
}
