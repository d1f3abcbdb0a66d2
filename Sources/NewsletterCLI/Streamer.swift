import Foundation
import NewsletterCore

/// Writes the list a page at a time, so memory stays flat however long the list is.
enum Streamer {
    static func write(store: any SubscriberStore, status: SubscriberStatus?, json: Bool, console: Console, line: (Subscriber) -> String) async throws {
        var buffer = ""
        var first = true
        if json { buffer = "[" }
        try await store.forEach(status: status, batchSize: 2000) { s in
            if json {
                buffer += (first ? "\n  " : ",\n  ") + SubscriberOutput.json(s).render(pretty: false)
            } else {
                buffer += line(s) + "\n"
            }
            first = false
            if buffer.utf8.count > 64 * 1024 {
                console.write(buffer)
                buffer = ""
            }
        }
        if json { buffer += first ? "]\n" : "\n]\n" }
        console.write(buffer)
    }
}
