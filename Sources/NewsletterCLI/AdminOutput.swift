import Foundation
import NewsletterCore

/// How `newsletter admin` prints console users.
enum AdminOutput {
    static func setupLink(_ env: Environment, _ token: String) -> String {
        (env.settings.baseURL.hasSuffix("/") ? String(env.settings.baseURL.dropLast()) : env.settings.baseURL) + "/admin/setup/" + token
    }

    static func state(_ user: ConsoleUser, now: Date) -> String {
        if user.isLocked(at: now), let until = user.lockedUntil { return "locked until " + UTCFormat.iso8601(until) }
        return user.isEnrolled ? "active" : "set-up link not used yet"
    }

    static func line(_ user: ConsoleUser, now: Date) -> String {
        "\(user.email)\t\(user.role.rawValue)\t\(state(user, now: now))"
    }

    static func json(_ user: ConsoleUser, now: Date) -> JSONValue {
        .object([("email", .string(user.email)), ("role", .string(user.role.rawValue)), ("enrolled", .bool(user.isEnrolled)),
                 ("locked_until", .optional(user.isLocked(at: now) ? user.lockedUntil.map(UTCFormat.iso8601) : nil)),
                 ("created", .string(UTCFormat.iso8601(user.created)))])
    }
}
