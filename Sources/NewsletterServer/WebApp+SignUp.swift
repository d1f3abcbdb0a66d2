import Foundation
import HTTPTypes
import Hummingbird
import NewsletterCore
import NIOCore

extension WebApp {
    /// `POST /subscribe`, form or JSON: the same answer whether or not the address was known.
    func subscribe(_ request: Request, context: WebContext) async throws -> Response {
        let client = clientAddress(request, context: context)
        let isJSON = request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true
        guard try await subscriptions.allowSignUp(client: client, limit: settings.subscribeLimit, window: settings.subscribeWindow, now: now()) else {
            var refused = isJSON ? Self.json(.object([("error", .string("Too many sign-ups from your network; try again later."))]), status: .tooManyRequests)
                : errorPage(.tooMany, status: .tooManyRequests)
            refused.headers[.retryAfter] = String(Int(settings.subscribeWindow))
            return refused
        }
        guard let body = await collect(request) else {
            return isJSON ? Self.json(.object([("error", .string("The request body is too large."))]), status: .contentTooLarge)
                : errorPage(.tooLarge, status: .contentTooLarge)
        }
        let fields = isJSON ? Self.jsonFields(body) : FormBody.fields(String(buffer: body), contentType: request.headers[.contentType])
        let email = (fields["email"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let name = (fields["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let sent: Response = isJSON
            ? Self.json(.object([("status", .string("ok")), ("message", .string("If the address can receive email, a confirmation link is on its way."))]))
            : page(.subscribeSent)
        // A filled honeypot is a bot: it gets the same answer and nothing happens.
        if let trap = fields["website"], !trap.isEmpty { return sent }
        if email.isEmpty || email.count > 254 {
            return isJSON ? Self.json(.object([("error", .string("Enter an email address."))]), status: .badRequest)
                : subscribeForm(email: email, name: name, problem: .missingEmail, status: .badRequest)
        }
        guard case .success = EmailSyntax.normalise(email) else {
            return isJSON ? Self.json(.object([("error", .string("That email address is not valid."))]), status: .badRequest)
                : subscribeForm(email: email, name: name, problem: .invalidEmail, status: .badRequest)
        }
        let evidence = ChangeContext(ip: client, userAgent: request.headers[.userAgent].map { String($0.prefix(300)) })
        let cadence = fields["cadence"].flatMap { Cadence(rawValue: $0.trimmingCharacters(in: .whitespaces).lowercased()) }
        // Topics ticked on the form (unknown keys are ignored); none ticked is refused.
        var topics: [String]?
        if !settings.topics.isEmpty {
            let ticked = isJSON ? (fields["topics"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                : FormBody.all("topics", in: String(buffer: body), contentType: request.headers[.contentType])
            let known = ticked.filter { settings.topics.topic($0) != nil }
            if known.isEmpty, fields["topics_shown"] != nil || isJSON && fields["topics"] != nil {
                return isJSON ? Self.json(.object([("error", .string("Choose at least one topic."))]), status: .badRequest)
                    : subscribeForm(email: email, name: name, problem: .noTopics, status: .badRequest)
            }
            if !known.isEmpty { topics = try? settings.topics.normalize(known) }
        }
        let signUp = try await subscriptions.signUp(email, name: name.isEmpty ? nil : String(name.prefix(200)), confirmed: false, cadence: cadence,
                                                    topics: topics, source: .web,
                                                    context: evidence, limitConfirmations: true, now: now())
        metrics.signUp()
        // Known or not, the answer is the same; the email goes out in the background so the
        // answer's timing does not tell either.
        if signUp.confirmationDue {
            let (subscriptions, logger, time) = (self.subscriptions, self.logger, now())
            Task.detached {
                do { try await subscriptions.sendConfirmation(to: signUp.subscriber, now: time, recorded: signUp.claimed) } catch {
                    logger.error("the confirmation email could not be sent: \(error)")
                }
            }
        }
        return sent
    }

    /// The body, or nil when it passes `maxBodyBytes`.
    func collect(_ request: Request) async -> ByteBuffer? {
        var request = request
        return try? await request.collectBody(upTo: settings.maxBodyBytes)
    }

    /// The client a limit counts: with `NEWSLETTER_TRUST_PROXY`, the address the proxy
    /// appended (the right-most `X-Forwarded-For` entry; those left of it are whatever the
    /// client wrote), when it is an IP address; else the peer of the connection.
    func clientAddress(_ request: Request, context: WebContext) -> String {
        if settings.trustProxy, let last = request.headers[values: HTTPField.Name("X-Forwarded-For")!].last,
           let entry = last.split(separator: ",").last, let ip = Self.ipAddress(entry.trimmingCharacters(in: .whitespaces)) {
            return ip
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }

    /// `text` when it is an IPv4 or IPv6 address (as `inet_pton` reads them), else nil.
    static func ipAddress(_ text: String) -> String? {
        guard !text.isEmpty, text.count <= 45 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET, text, &buffer) == 1 || inet_pton(AF_INET6, text, &buffer) == 1 { return text.lowercased() }
        return nil
    }

    static func jsonFields(_ body: ByteBuffer) -> [String: String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] else { return [:] }
        return object.compactMapValues { $0 as? String }
    }
}
