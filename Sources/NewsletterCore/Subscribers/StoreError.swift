/// Why a store operation was refused or failed.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case invalidAddress(String, EmailSyntax.Problem)
    case unknownSubscriber(String)
    case cannotOpen(path: String, reason: String)
    case notAllowed(String)

    public var description: String {
        switch self {
        case .invalidAddress(let address, let problem):
            return "The address '\(address)' \(problem)."
        case .unknownSubscriber(let address):
            return "No subscriber has the address \(address)."
        case .cannotOpen(let path, let reason):
            return "The subscriber store \(path) cannot be opened: \(reason)."
        case .notAllowed(let reason):
            return reason
        }
    }
}
