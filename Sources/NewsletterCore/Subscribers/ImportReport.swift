/// What an import did, with every refused row and its line.
public struct ImportReport: Sendable, Equatable {
    public var rows = 0
    public var added = 0
    /// Already on the list (and left as they were, or confirmed with `--confirmed`).
    public var alreadyPresent = 0
    /// On the list as unsubscribed, bounced or complained: never re-confirmed by an import.
    public var optedOut = 0
    /// Erased earlier: kept off the list.
    public var suppressed = 0
    public var invalid: [Problem] = []

    /// A refused row: its line in the file and why.
    public struct Problem: Sendable, Equatable {
        public var line: Int
        public var reason: String

        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }
    }

    public init() {}
}
