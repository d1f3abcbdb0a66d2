import ArgumentParser
import Foundation
import NewsletterCore
import NewsletterStore

/// JSON and text forms of a subscriber (SPEC: email, name, status, created, confirmed).
enum SubscriberOutput {
    static func json(_ s: Subscriber) -> JSONValue {
        .object([
            ("email", .string(s.email)),
            ("name", .optional(s.name)),
            ("status", .string(s.status.rawValue)),
            ("created", .string(UTCFormat.iso8601(s.created))),
            ("confirmed", .optional(s.confirmed.map(UTCFormat.iso8601))),
            ("updated", .string(UTCFormat.iso8601(s.updated))),
            ("soft_bounces", .number(Double(s.softBounces))),
            ("cadence", .string(s.cadence.rawValue)),
            ("paused_until", .optional(s.pausedUntil.map(UTCFormat.iso8601))),
            ("topics", .array(s.topics.map(JSONValue.string))),
            ("attributes", attributes(s)),
        ])
    }

    static func attributes(_ s: Subscriber) -> JSONValue {
        .object(s.attributes.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
    }

    static func json(_ e: ConsentEvent) -> JSONValue {
        .object([
            ("at", .string(UTCFormat.iso8601(Date(timeIntervalSince1970: e.at)))),
            ("action", .string(e.action)),
            ("from", .optional(e.oldStatus?.rawValue)),
            ("to", .optional(e.newStatus?.rawValue)),
            ("source", .string(e.source.rawValue)),
            ("ip", .optional(e.ip)),
            ("user_agent", .optional(e.userAgent)),
            ("detail", .optional(e.detail)),
        ])
    }

    static func line(_ s: Subscriber) -> String {
        [s.email, s.status.rawValue, String(UTCFormat.iso8601(s.created).prefix(10)), s.name ?? ""].joined(separator: "\t")
    }
}
