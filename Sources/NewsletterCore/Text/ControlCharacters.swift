/// Text from strangers made safe to print: control characters (C0, DEL, C1) written as
/// `\u{1b}`, so no input can move a terminal's cursor, retitle it or start a header line.
public enum ControlCharacters {
    /// `text` with its control characters escaped; tab and line feed kept when `keepingLineBreaks`.
    public static func escaped(_ text: String, keepingLineBreaks: Bool) -> String {
        func isControl(_ s: Unicode.Scalar) -> Bool {
            if keepingLineBreaks, s == "\n" || s == "\t" { return false }
            return s.value < 0x20 || (s.value >= 0x7F && s.value < 0xA0)
        }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
