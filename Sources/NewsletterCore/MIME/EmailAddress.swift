/// A mailbox: an optional display name and an address (RFC 5322 §3.4).
public struct EmailAddress: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var name: String?
    public var address: String

    public init(_ address: String, name: String? = nil) {
        self.address = address
        self.name = name
    }

    /// Reads `Name <address>`, `"Quoted, Name" <address>` or a bare address.
    public static func parse(_ text: String) -> EmailAddress? {
        let s = Byte.trimmed(text)
        if let open = s.lastIndex(of: "<"), let close = s.lastIndex(of: ">"), open < close {
            let address = Byte.trimmed(String(s[s.index(after: open)..<close]))
            var name = Byte.trimmed(String(s[..<open]))
            if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 {
                name = String(name.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
            }
            guard address.contains("@" as Character) else { return nil }
            return EmailAddress(address, name: name.isEmpty ? nil : name)
        }
        guard s.contains("@" as Character), !s.contains(" " as Character) else { return nil }
        return EmailAddress(s)
    }

    /// The domain part, lowercased.
    public var domain: String {
        address.split(separator: "@").last.map { $0.lowercased() } ?? ""
    }

    public var description: String {
        guard let name, !name.isEmpty else { return address }
        return "\(name) <\(address)>"
    }
}
