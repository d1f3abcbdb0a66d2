/// A forwarded bounce quoted with `>` (as mail clients forward): one level of quoting
/// removed when most lines carry it.
enum Unquote {
    static func text(_ text: String) -> String {
        guard text.hasPrefix(">") || ByteText(text).contains("\n>") else { return text }
        let lines = text.utf8Lines()
        let quoted = lines.filter { $0.hasPrefix(">") }.count
        guard quoted >= 5, quoted * 3 >= lines.count else { return text }
        return lines.map { line -> Substring in
            guard line.hasPrefix(">") else { return line }
            let rest = line.dropFirst()
            return rest.hasPrefix(" ") ? rest.dropFirst() : rest
        }.joined(separator: "\n")
    }
}
