import Foundation

/// What a person (or an operator) changes about how they hear from the newsletter; nil
/// fields stay as they are. Each change is a line of the consent log.
public struct PreferenceChange: Sendable, Equatable {
    public enum Pause: Sendable, Equatable {
        /// Hold every newsletter until this moment.
        case until(Date)
        /// End a pause now.
        case resume
    }

    public var cadence: Cadence?
    public var pause: Pause?
    /// A new display name; an empty string clears it.
    public var name: String?

    public init(cadence: Cadence? = nil, pause: Pause? = nil, name: String? = nil) {
        self.cadence = cadence
        self.pause = pause
        self.name = name
    }

    public var isEmpty: Bool { cadence == nil && pause == nil && name == nil }
}
