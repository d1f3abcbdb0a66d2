import Foundation

extension IssueDraft {
    /// A list of post ids as the store keeps it (a JSON array).
    public static func encode(_ ids: [String]) -> String { JSONValue.array(ids.map(JSONValue.string)).render(pretty: false) }

    public static func decode(_ text: String) -> [String] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String]) ?? []
    }
}
