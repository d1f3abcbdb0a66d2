/// One row of an import: its line in the file, the address, the name and extra columns.
public struct ImportRow: Sendable {
    public var line: Int
    public var email: String
    public var name: String?
    public var attributes: [String: String]

    public init(line: Int, email: String, name: String?, attributes: [String: String]) {
        self.line = line
        self.email = email
        self.name = name
        self.attributes = attributes
    }
}
