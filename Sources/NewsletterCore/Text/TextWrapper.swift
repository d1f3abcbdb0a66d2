import Foundation

/// Wraps plain text at a column, keeping list indentation and never breaking a word or a
/// reference line (`[3] https://…`). A personal slot counts as `slotWidth` characters, the
/// room its value may take in each copy.
public enum TextWrapper {
    static let slotWidth = 40

    static func width(_ s: Substring) -> Int {
        guard s.contains("\u{E000}") else { return s.count }
        let markers = s.split(separator: "\u{E000}", omittingEmptySubsequences: false).count - 1
        return s.count + markers * slotWidth
    }

    public static func wrap(_ text: String, width: Int) -> String {
        text.components(separatedBy: "\n").map { line -> String in
            guard Self.width(Substring(line)) > width, !(line.hasPrefix("[") && line.contains("] ")) else { return line }
            let indentCount = line.prefix { $0 == " " }.count
            var continuation = String(repeating: " ", count: indentCount)
            if line.dropFirst(indentCount).hasPrefix("• ") || line.dropFirst(indentCount).hasPrefix("* ") { continuation += "  " }
            var lines: [String] = []
            var current = String(line.prefix(indentCount))
            for word in line.dropFirst(indentCount).split(separator: " ", omittingEmptySubsequences: false) {
                let candidate = current.isEmpty || current.allSatisfy({ $0 == " " }) ? current + word : current + " " + word
                if Self.width(Substring(candidate)) > width, !current.allSatisfy({ $0 == " " }) {
                    lines.append(current)
                    current = continuation + word
                } else {
                    current = candidate
                }
            }
            lines.append(current)
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
