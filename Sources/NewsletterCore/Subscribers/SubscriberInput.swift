import Crypto
import Foundation

/// What a store does to an address or a name before writing it, the same in every adapter.
public enum SubscriberInput {
    /// A display name without control characters or runs of white space; nil when empty.
    public static func name(_ name: String) -> String? {
        let clean = HTMLText.collapseWhitespace(HeaderEncoding.sanitize(name))
        return clean.isEmpty ? nil : clean
    }

    /// The address normalised (`EmailSyntax`), or `StoreError.invalidAddress`.
    public static func address(_ email: String) throws -> String {
        switch EmailSyntax.normalise(email) {
        case .success(let address): return address
        case .failure(let problem): throw StoreError.invalidAddress(email.trimmingCharacters(in: .whitespacesAndNewlines), problem)
        }
    }

    /// The salted hash that stands for an erased address.
    public static func suppressionHash(salt: String, _ address: String) -> String {
        Data(SHA256.hash(data: Data((salt + address).utf8))).base64EncodedString()
    }

    /// Both hashes an address may have been erased under (as written, and in lower case).
    public static func suppressionHashes(salt: String, _ address: String) -> [String] {
        Array(Set([suppressionHash(salt: salt, address.lowercased()), suppressionHash(salt: salt, address)]))
    }

    /// What an import does with one CSV row.
    public enum Screened: Sendable, Equatable {
        /// Reported with its line, not imported.
        case invalid(reason: String)
        /// Erased before: left out.
        case suppressed
        /// To be imported under this address.
        case accepted(String)
    }

    /// Sorts one row: an invalid address, an erased one (its hash in `suppressed`), or one to import.
    public static func screen(_ row: ImportRow, salt: String, suppressed: Set<String>) -> Screened {
        switch EmailSyntax.normalise(row.email) {
        case .failure(let problem):
            let shown = row.email.count > 80 ? String(row.email.prefix(80)) + "…" : row.email
            return .invalid(reason: "the address '\(shown)' \(problem)")
        case .success(let address):
            if !suppressed.isEmpty, suppressionHashes(salt: salt, address).contains(where: suppressed.contains) { return .suppressed }
            return .accepted(address)
        }
    }
}
