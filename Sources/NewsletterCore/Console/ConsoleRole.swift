/// What a console user may do (SPEC.md, "The console"): a viewer reads; an editor also
/// composes, previews, sends tests and approves; an owner also erases and exports
/// subscribers and manages console users.
public enum ConsoleRole: String, Sendable, CaseIterable, Comparable, Codable {
    case viewer, editor, owner

    var rank: Int {
        switch self {
        case .viewer: 0
        case .editor: 1
        case .owner: 2
        }
    }

    public static func < (a: ConsoleRole, b: ConsoleRole) -> Bool { a.rank < b.rank }

    /// Whether this role may do what `needed` may.
    public func allows(_ needed: ConsoleRole) -> Bool { self >= needed }
}
