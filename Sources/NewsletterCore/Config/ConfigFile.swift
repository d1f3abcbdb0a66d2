import Foundation

/// The subset of TOML (v1.0.0) that `newsletter.toml` uses: `[table]` headers, `key = value`
/// with basic or literal strings, integers, floats, booleans and one-line arrays of those,
/// and comments. Keys come out dotted (`smtp.url`). What TOML allows and this reader does not
/// (inline tables, arrays of tables, multi-line strings and arrays, dotted keys, dates) is
/// refused with its line, never misread; so is a key given twice.
public struct ConfigFile: Sendable, Equatable {
    /// Scalars as written (strings unquoted and unescaped, numbers without `_`).
    public private(set) var values: [String: String]
    /// Arrays, item by item.
    public private(set) var lists: [String: [String]]
    /// The line each key was set on.
    public private(set) var lines: [String: Int] = [:]

    public init(values: [String: String] = [:], lists: [String: [String]] = [:]) {
        self.values = values
        self.lists = lists
    }

    /// A syntax error with its line.
    public struct SyntaxError: Error, CustomStringConvertible {
        public let path: String
        public let line: Int
        public let reason: String
        public var description: String { "The config file \(path) has an error on line \(line): \(reason)." }
    }

    /// Parses TOML text; `path` names the file in errors.
    public static func parse(_ text: String, path: String) throws -> ConfigFile {
        var file = ConfigFile()
        var table = ""
        var seen: [String: Int] = [:]
        for (index, rawLine) in text.components(separatedBy: "\n").enumerated() {
            let lineNumber = index + 1
            func fail(_ reason: String) -> SyntaxError { SyntaxError(path: path, line: lineNumber, reason: reason) }
            let line = stripComment(rawLine).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("[[") { throw fail("arrays of tables ([[name]]) are not supported") }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else { throw fail("a table header must look like [name]") }
                let name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                guard isBareKey(name, allowDots: true) else { throw fail("the table name '\(name)' is not a plain name") }
                if let first = seen["[" + name + "]"] { throw fail("the table [\(name)] was already opened on line \(first)") }
                seen["[" + name + "]"] = lineNumber
                table = name
                continue
            }
            guard let eq = line.firstIndex(of: "=") else { throw fail("expected key = value") }
            var key = line[..<eq].trimmingCharacters(in: .whitespaces)
            if key.count >= 2, let q = key.first, q == "\"" || q == "'", key.last == q { key = String(key.dropFirst().dropLast()) }
            else if !isBareKey(key, allowDots: false) {
                throw fail(key.contains(".") ? "dotted keys ('\(key)') are not supported; use a [table] header" : "'\(key)' is not a valid key")
            }
            guard !key.isEmpty else { throw fail("a key is missing before '='") }
            let raw = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            let full = table.isEmpty ? key : table + "." + key
            if let first = seen[full] { throw fail("the key '\(full)' was already set on line \(first)") }
            seen[full] = lineNumber
            file.lines[full] = lineNumber
            if raw.hasPrefix("[") {
                guard raw.hasSuffix("]") else { throw fail("the array of '\(key)' must open and close on one line") }
                file.lists[full] = try parseArray(String(raw.dropFirst().dropLast()), key: key, fail: fail)
            } else {
                file.values[full] = try parseScalar(raw, key: key, fail: fail)
            }
        }
        return file
    }

    /// The first key (by line) that is not one of `known`, with its line. Tables named
    /// `topic.KEY` hold the configured topics (SPEC.md "Topics") and are not settings.
    public func unknownKey(among known: Set<String>) -> (key: String, line: Int)? {
        lines.filter { !known.contains($0.key) && !$0.key.hasPrefix("topic.") }.min { $0.value < $1.value }.map { ($0.key, $0.value) }
    }

    /// A scalar, or an array's items joined with commas.
    public subscript(key: String) -> String? { values[key] ?? lists[key]?.joined(separator: ",") }

    /// An array's items, or a scalar as a one-item list.
    public func list(_ key: String) -> [String]? { lists[key] ?? values[key].map { [$0] } }

    static func isBareKey(_ key: String, allowDots: Bool) -> Bool {
        !key.isEmpty && key.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || (allowDots && $0 == ".")
        }
    }

    private static func stripComment(_ line: String) -> String {
        var inString: Character?
        var out = ""
        var escaped = false
        for ch in line {
            if let q = inString {
                if escaped { escaped = false } else if ch == "\\" && q == "\"" { escaped = true } else if ch == q { inString = nil }
            } else if ch == "\"" || ch == "'" {
                inString = ch
            } else if ch == "#" {
                break
            }
            out.append(ch)
        }
        return out
    }

    /// Array items split on the commas outside quotes.
    private static func parseArray(_ inner: String, key: String, fail: (String) -> SyntaxError) throws -> [String] {
        var items: [String] = []
        var current = ""
        var quote: Character?
        var escaped = false
        for ch in inner {
            if let q = quote {
                if escaped { escaped = false } else if ch == "\\" && q == "\"" { escaped = true } else if ch == q { quote = nil }
                current.append(ch)
            } else if ch == "\"" || ch == "'" {
                quote = ch
                current.append(ch)
            } else if ch == "," {
                items.append(current)
                current = ""
            } else if ch == "[" || ch == "{" {
                throw fail("nested arrays and inline tables in '\(key)' are not supported")
            } else {
                current.append(ch)
            }
        }
        if quote != nil { throw fail("a string in the array of '\(key)' is not closed") }
        items.append(current)
        let trimmed = items.map { $0.trimmingCharacters(in: .whitespaces) }
        // A trailing comma is allowed; an empty item elsewhere is not.
        let kept = trimmed.last == "" ? Array(trimmed.dropLast()) : trimmed
        if kept.contains("") { throw fail("the array of '\(key)' has an empty item") }
        return try kept.map { try parseScalar($0, key: key, fail: fail) }
    }

    private static func parseScalar(_ raw: String, key: String, fail: (String) -> SyntaxError) throws -> String {
        if raw.hasPrefix("\"\"\"") || raw.hasPrefix("'''") { throw fail("multi-line strings ('\(key)') are not supported") }
        if raw.hasPrefix("{") { throw fail("inline tables ('\(key)') are not supported; use a [table] header") }
        if raw.hasPrefix("\""), raw.hasSuffix("\""), raw.count >= 2 {
            let body = String(raw.dropFirst().dropLast())
            guard !hasUnescapedQuote(body) else { throw fail("the string of '\(key)' has text after its closing quote") }
            return try unescape(body, key: key, fail: fail)
        }
        if raw.hasPrefix("'"), raw.hasSuffix("'"), raw.count >= 2 {
            let body = String(raw.dropFirst().dropLast())
            guard !body.contains("'") else { throw fail("the string of '\(key)' has text after its closing quote") }
            return body
        }
        if raw == "true" || raw == "false" { return raw }
        let digits = raw.replacingOccurrences(of: "_", with: "")
        if !digits.isEmpty, Double(digits) != nil, digits.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }) { return digits }
        if raw.hasPrefix("\"") || raw.hasPrefix("'") { throw fail("the string of '\(key)' is not closed") }
        throw fail("the value of '\(key)' is not a string, number, boolean or array")
    }

    private static func hasUnescapedQuote(_ s: String) -> Bool {
        var escaped = false
        for ch in s {
            if escaped { escaped = false } else if ch == "\\" { escaped = true } else if ch == "\"" { return true }
        }
        return false
    }

    private static func unescape(_ s: String, key: String, fail: (String) -> SyntaxError) throws -> String {
        guard s.contains("\\") else { return s }
        var out = ""
        var scalars = s.unicodeScalars.makeIterator()
        while let ch = scalars.next() {
            guard ch == "\\" else { out.unicodeScalars.append(ch); continue }
            guard let next = scalars.next() else { throw fail("the string of '\(key)' ends in a lone backslash") }
            switch next {
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "\"": out.append("\"")
            case "\\": out.append("\\")
            case "u", "U":
                var hex = ""
                for _ in 0..<(next == "u" ? 4 : 8) { if let h = scalars.next() { hex.unicodeScalars.append(h) } }
                guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
                    throw fail("the string of '\(key)' has a bad \\\(next) escape")
                }
                out.unicodeScalars.append(scalar)
            default:
                throw fail("the string of '\(key)' has an unknown escape \\\(next)")
            }
        }
        return out
    }
}
