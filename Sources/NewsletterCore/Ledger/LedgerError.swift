/// What the send ledger refuses.
public enum LedgerError: Error, Equatable, CustomStringConvertible {
    /// An issue with this id is recorded already: another sender composed it at the same
    /// moment (the one to join).
    case issueExists(String)

    public var description: String {
        switch self {
        case .issueExists(let id): "The issue \(id) is recorded already; another sender composed it."
        }
    }
}
