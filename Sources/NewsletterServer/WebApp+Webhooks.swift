import Foundation
import HTTPTypes
import Hummingbird
import NewsletterCore
import NIOCore

extension WebApp {
    /// `POST /webhooks/{mailgun,postmark,sendgrid,ses}`: a provider's events, verified as it
    /// documents, each through the inbox's policy. Unverified: 401, nothing changes. A
    /// provider whose secret is not set: 404.
    func webhook(_ incoming: Request, provider name: String) async throws -> Response {
        var request = incoming
        guard let inbox, let provider = WebhookProvider(rawValue: name), secretSet(provider) else { return Self.json(.object([("error", .string("not found"))]), status: .notFound) }
        guard let buffer = try? await request.collectBody(upTo: settings.maxWebhookBytes) else {
            return Self.json(.object([("error", .string("The request body is too large."))]), status: .contentTooLarge)
        }
        let body = Data(buffer: buffer)
        let now = self.now()
        do {
            let events: [WebhookEvent]
            switch provider {
            case .mailgun:
                let verified = try MailgunWebhook.verify(body: body, signingKey: settings.mailgunSigningKey ?? "", now: now)
                // A token is good once: the same signed request again changes nothing.
                guard try await subscriptions.spendWebhookToken(verified.token, provider: provider, now: now) else {
                    return Self.json(.object([("status", .string("duplicate")), ("events", .number(0))]))
                }
                events = verified.event.map { [$0] } ?? []
            case .postmark:
                events = try PostmarkWebhook.verify(authorization: request.headers[.authorization], password: settings.postmarkPassword ?? "", body: body)
                    .map { [$0] } ?? []
            case .sendgrid:
                events = try SendGridWebhook.verify(body: body, signature: request.headers[HTTPField.Name(SendGridWebhook.signatureHeader)!],
                                                    timestamp: request.headers[HTTPField.Name(SendGridWebhook.timestampHeader)!],
                                                    publicKey: settings.sendgridPublicKey ?? "", now: now)
            case .ses:
                return try await ses(body, inbox: inbox, now: now)
            }
            return try await apply(events, inbox: inbox, now: now)
        } catch let error as WebhookError {
            metrics.webhookRefused(provider.rawValue)
            logger.notice("webhook refused", metadata: ["newsletter.provider": .string(provider.rawValue), "newsletter.reason": .string(error.description)])
            return Self.json(.object([("error", .string(error.description))]), status: error.status)
        }
    }

    private func secretSet(_ provider: WebhookProvider) -> Bool {
        switch provider {
        case .mailgun: settings.mailgunSigningKey != nil
        case .postmark: settings.postmarkPassword != nil
        case .sendgrid: settings.sendgridPublicKey != nil
        case .ses: settings.sesTopicARN != nil
        }
    }

    private func apply(_ events: [WebhookEvent], inbox: InboxProcessor, now: Date) async throws -> Response {
        var actions: [JSONValue] = []
        for event in events {
            let result = try await inbox.process(event.report, key: event.key, dryRun: false, now: now, signed: true)
            if !result.duplicate { metrics.processed(result.action.rawValue) }
            actions.append(.object([("event", .string(event.key)), ("subscriber", .optional(result.subscriber)),
                                    ("action", .string(result.action.rawValue)), ("duplicate", .bool(result.duplicate))]))
        }
        return Self.json(.object([("status", .string("ok")), ("events", .array(actions))]))
    }

    /// Amazon SES through SNS: the topic must be ours and the signature must verify with
    /// the certificate, kept in `sns-certs/` (fetched only from an SNS endpoint of AWS).
    private func ses(_ body: Data, inbox: InboxProcessor, now: Date) async throws -> Response {
        let message = try SNSMessage(json: body)
        guard message.topicARN == settings.sesTopicARN else { throw WebhookError.forged("The SNS message is for another topic.") }
        guard let name = message.certificateName else {
            throw WebhookError.forged("The SNS signing certificate is not on an SNS endpoint of AWS (https://sns.REGION.amazonaws.com/).")
        }
        let path = settings.snsCertificateDirectory + "/" + name
        if let data = FileManager.default.contents(atPath: path) {
            try message.verify(certificatePEM: String(decoding: data, as: UTF8.self), now: now)
        } else {
            guard let data = try? await fetch(message.signingCertURL) else {
                throw WebhookError.unsigned("The SNS signing certificate \(message.signingCertURL) could not be fetched.")
            }
            try message.verify(certificatePEM: String(decoding: data, as: UTF8.self), now: now)
            // Kept only once a message verified with it.
            try? FileManager.default.createDirectory(atPath: settings.snsCertificateDirectory, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: path, contents: data)
        }
        switch message.type {
        case "SubscriptionConfirmation":
            guard let url = message.subscribeURL, SNSMessage.isAWSEndpoint(url) else {
                throw WebhookError.forged("The SNS SubscribeURL is not on an SNS endpoint of AWS.")
            }
            guard (try? await fetch(url)) != nil else {
                return Self.json(.object([("error", .string("The subscription could not be confirmed."))]), status: .badGateway)
            }
            logger.notice("SNS subscription confirmed", metadata: ["newsletter.topic": .string(message.topicARN)])
            return Self.json(.object([("status", .string("confirmed"))]))
        case "Notification":
            return try await apply(message.sesEvent().map { [$0] } ?? [], inbox: inbox, now: now)
        default:
            return Self.json(.object([("status", .string("ignored"))]))
        }
    }
}

extension WebhookError {
    var status: HTTPResponse.Status {
        if case .malformed = self { return .badRequest }
        return .unauthorized
    }
}
