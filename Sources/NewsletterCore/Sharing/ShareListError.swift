

public struct ShareListError: Error, CustomStringConvertible {
    public let name: String
    public var description: String {
        "The network '\(name)' is not known; use any of \(ShareTarget.all.map(\.key).joined(separator: ", "))."
    }
}
