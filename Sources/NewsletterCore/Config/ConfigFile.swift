import Foundation

/// The subset of TOML (v1.0.0) that `newsletter.toml` uses: `[table]` headers, `key = value`
/// with basic or literal strings, integers, floats, booleans and arrays of those, and
/// comments. Keys come out dotted (`smtp.url`).
public struct ConfigFile: Sendable, Equatable {
    public private(set) var values: [String: String]

    public init(values: [String: String] = [:]) { self.values = values }

    /// A syntax error with its line.
    public struct SyntaxError: Error, CustomStringConvertible {
        public let path: String
        public let line: Int
        public let reason: String
        public var description: String { "The config file \(path) has an error on line \(line): \(reason)." }
    }

    /// Parses TOML text; `path` names the file in errors.
    public static func parse(_ text: String, path: String) throws -> ConfigFile {
        var values: [String: String] = [:]
        var table = ""
        for (index, rawLine) in text.components(separatedBy: "\n").enumerated() {
            let lineNumber = index + 1
            let line = stripComment(rawLine).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), !line.hasPrefix("[[") else {
                    throw SyntaxError(path: path, line: lineNumber, reason: "a table header must look like [name]")
                }
                table = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let eq = line.firstIndex(of: "=") else {
                throw SyntaxError(path: path, line: lineNumber, reason: "expected key = value")
            }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            let rawValue = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { throw SyntaxError(path: path, line: lineNumber, reason: "a key is missing before '='") }
            guard let value = parseValue(rawValue) else {
                throw SyntaxError(path: path, line: lineNumber, reason: "the value of '\(key)' is not a string, number, boolean or array")
            }
            values[table.isEmpty ? key : table + "." + key] = value
        }
        return ConfigFile(values: values)
    }

    public subscript(key: String) -> String? { values[key] }

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

    private static func parseValue(_ raw: String) -> String? {
        if raw.hasPrefix("\""), raw.hasSuffix("\""), raw.count >= 2 {
            return unescape(String(raw.dropFirst().dropLast()))
        }
        if raw.hasPrefix("'"), raw.hasSuffix("'"), raw.count >= 2 { return String(raw.dropFirst().dropLast()) }
        if raw == "true" || raw == "false" { return raw }
        if Double(raw.replacingOccurrences(of: "_", with: "")) != nil { return raw.replacingOccurrences(of: "_", with: "") }
        if raw.hasPrefix("["), raw.hasSuffix("]") {
            let inner = raw.dropFirst().dropLast()
            let items = inner.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let parsed = items.map(parseValue)
            guard !parsed.contains(where: { $0 == nil }) else { return nil }
            return parsed.compactMap { $0 }.joined(separator: ",")
        }
        return nil
    }

    private static func unescape(_ s: String) -> String {
        guard s.contains("\\") else { return s }
        var out = ""
        var escaped = false
        for ch in s {
            if escaped {
                switch ch {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                default: out.append("\\"); out.append(ch)
                }
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else {
                out.append(ch)
            }
        }
        return out
    }
}
