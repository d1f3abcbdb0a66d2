/// One row of an import: its line in the file, the address, the name and extra columns.
public struct ImportRow: Sendable {
    public var line: Int
    public var email: String
    public var name: String?
    public var attributes: [String: String]
    /// The topics followed, as the store keeps them (`TopicColumn`; empty: every topic).
    public var topics = ""

    public init(line: Int, email: String, name: String?, attributes: [String: String], topics: String = "") {
        self.line = line
        self.email = email
        self.name = name
        self.attributes = attributes
        self.topics = topics
    }
}

extension ImportRow {
    /// The extra columns as a JSON object with sorted keys (how the stores keep them); nil when none.
    public var attributesJSON: String? {
        attributes.isEmpty ? nil : JSONValue.object(attributes.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }).render(pretty: false)
    }
}
