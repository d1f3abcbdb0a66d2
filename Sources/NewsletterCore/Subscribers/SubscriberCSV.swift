import Foundation

/// Maps CSV records to subscriber rows: the header names the columns (`email` required,
/// `name` optional, others kept as attributes), each later record is one subscriber.
public struct SubscriberCSV: Sendable {
    public let header: [String]
    let emailColumn: Int
    let nameColumn: Int?

    /// Why a header cannot be used.
    public struct HeaderError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads the header record of `file`.
    public init(header record: CSVParser.Record, file: String) throws {
        let names = record.fields.map { Byte.trimmed($0) }
        let lower = names.map { $0.lowercased() }
        guard let email = lower.firstIndex(where: { ["email", "e-mail", "email address", "email_address", "mail"].contains($0) }) else {
            throw HeaderError(description: "The CSV \(file) has no 'email' column in its header (line \(record.line)): it has \(names.map { "'\($0)'" }.joined(separator: ", ")).")
        }
        header = names
        emailColumn = email
        nameColumn = lower.firstIndex { ["name", "full name", "full_name", "fullname"].contains($0) }
    }

    /// One subscriber from a record, or the reason the record is refused.
    public func row(_ record: CSVParser.Record) -> Result<(email: String, name: String?, attributes: [String: String]), RowProblem> {
        if let problem = record.problem { return .failure(RowProblem(line: record.line, reason: "the row has \(problem)")) }
        guard record.fields.count > emailColumn else {
            return .failure(RowProblem(line: record.line, reason: "the row has \(record.fields.count) field(s) but the email is column \(emailColumn + 1)"))
        }
        let email = Self.unguarded(record.fields[emailColumn])
        guard email.utf8.count <= Self.maxEmailBytes else {
            return .failure(RowProblem(line: record.line, reason: "the address is \(email.utf8.count) bytes long, more than an address may be (\(Self.maxEmailBytes))"))
        }
        let name = nameColumn.flatMap { $0 < record.fields.count ? Self.unguarded(record.fields[$0]) : nil }.flatMap { $0.isEmpty ? nil : String($0.prefix(Self.maxNameCharacters)) }
        var attributes: [String: String] = [:]
        for (i, value) in record.fields.enumerated() where i != emailColumn && i != nameColumn && i < header.count && !value.isEmpty {
            guard attributes.count < Self.maxAttributes else { break }
            attributes[String(header[i].prefix(Self.maxNameCharacters))] = String(Self.unguarded(value).prefix(Self.maxAttributeCharacters))
        }
        return .success((email, name, attributes))
    }

    /// The caps of the web form: a name of at most 200 characters (longer ones are cut), an
    /// address of at most 254 bytes (RFC 5321 §4.5.3.1.3), and at most 50 other columns of
    /// 1,000 characters each, so that no file can make a row, or a mail, of megabytes.
    public static let maxNameCharacters = 200
    public static let maxEmailBytes = 254
    public static let maxAttributes = 50
    public static let maxAttributeCharacters = 1000

    public struct RowProblem: Error, Sendable {
        public let line: Int
        public let reason: String
    }

    /// One CSV field, quoted when it must be (RFC 4180 §2.6–2.7), and kept from being read
    /// as a formula by a spreadsheet (OWASP, "CSV Injection"): a value that begins with
    /// `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` and is quoted.
    public static func field(_ value: String) -> String {
        let guarded = needsGuard(Substring(value))
        let text = guarded ? "'" + value : value
        guard guarded || text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || text.hasPrefix(" ") || text.hasSuffix(" ") else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Whether a cell would start a formula: its first character is one a spreadsheet reads
    /// as one, or it is already a guarded value (`'` before such a character), so that a
    /// value that really begins with `'=` also survives the trip out and back in.
    static func needsGuard(_ value: Substring) -> Bool {
        guard let first = value.unicodeScalars.first else { return false }
        switch first {
        case "=", "+", "-", "@", "\t", "\r": return true
        case "'": return needsGuard(value.dropFirst())
        default: return false
        }
    }

    /// A field as it was before `field(_:)` guarded it: the `'` it added is taken off.
    public static func unguarded(_ value: String) -> String {
        guard value.hasPrefix("'"), needsGuard(Substring(value).dropFirst()) else { return value }
        return String(value.dropFirst())
    }
}

extension SubscriberCSV {
    /// The header of `subscribers export` (and the console's export).
    public static let exportHeader = "email,name,status,created,confirmed,topics,attributes"

    /// A subscriber as a line of the export: fields guarded against formula injection.
    public static func exportLine(_ s: Subscriber) -> String {
        let attributes = s.attributes.isEmpty ? "" : JSONValue.object(s.attributes.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }).render(pretty: false)
        return [s.email, s.name ?? "", s.status.rawValue, UTCFormat.iso8601(s.created), s.confirmed.map(UTCFormat.iso8601) ?? "",
                s.topics.joined(separator: ";"), attributes]
            .map(field).joined(separator: ",")
    }
}
