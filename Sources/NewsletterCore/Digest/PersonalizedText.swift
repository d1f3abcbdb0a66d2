/// Rendered output with holes for what differs between subscribers, so a digest is rendered
/// once and each copy costs one concatenation.
public struct PersonalizedText: Sendable, Equatable {
    /// What a hole stands for.
    public enum Slot: String, Sendable, CaseIterable {
        case greetingName = "greeting_name"
        case email
        case unsubscribeURL = "unsubscribe_url"
        case preferencesURL = "preferences_url"
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case slot(Slot)
    }

    let segments: [Segment]

    /// The marker a template receives in place of a slot; private-use characters that no
    /// escaping touches.
    static func marker(_ slot: Slot) -> String { "\u{E000}" + slot.rawValue + "\u{E001}" }

    /// Splits `rendered` at the markers.
    public init(rendered: String) {
        var segments: [Segment] = []
        var rest = Substring(rendered)
        while let open = rest.firstIndex(of: "\u{E000}") {
            if open > rest.startIndex { segments.append(.literal(String(rest[..<open]))) }
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "\u{E001}") else { break }
            if let slot = Slot(rawValue: String(rest[afterOpen..<close])) {
                segments.append(.slot(slot))
            }
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { segments.append(.literal(String(rest))) }
        self.segments = segments
    }

    /// The rendered text with its markers, as stored in the send ledger.
    public var rendered: String {
        segments.map { segment in
            switch segment {
            case .literal(let text): text
            case .slot(let slot): Self.marker(slot)
            }
        }.joined()
    }

    /// The copy for one subscriber; values are HTML-escaped when `html` is true.
    public func fill(_ values: [Slot: String], html: Bool) -> String {
        var out = ""
        // Room for the literals and a typical value per slot up front: one allocation, not one per append.
        out.reserveCapacity(segments.reduce(0) { size, segment in
            if case .literal(let text) = segment { size + text.utf8.count } else { size + 160 }
        })
        for segment in segments {
            switch segment {
            case .literal(let text): out += text
            case .slot(let slot):
                let value = values[slot] ?? ""
                out += html ? HTMLEscape.text(value) : value
            }
        }
        return out
    }
}
