import Foundation
import NewsletterCore

/// A `MailTransport` for single messages (confirmation and welcome emails): a new
/// connection per message, on its own thread, so a long-lived `serve` keeps no idle
/// connection for the server to drop.
public struct CurlSMTPTransport: MailTransport {
    public let settings: SMTPSettings

    public init(settings: SMTPSettings) { self.settings = settings }

    public var connections: Int { 1 }
    public var description: String { settings.url }

    @discardableResult
    public func send(_ message: OutgoingMessage) async throws -> String {
        let settings = self.settings
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, Error>) in
            Thread {
                continuation.resume(with: Result { try CurlSMTPConnection(settings: settings).send(message) })
            }.start()
        }
    }
}
