import Foundation
import Hummingbird
import NewsletterCore

extension WebApp {
    /// `GET /confirm/{token}` changes nothing (SPEC.md): mail filters and link scanners
    /// follow links, so a click on the page's button confirms. 410 for an expired or spent
    /// token, 400 for any other bad one.
    func confirmPage(_ token: String) async throws -> Response {
        switch try await subscriptions.confirmationState(token: token, now: now()) {
        case .valid: return page(.confirm)
        case .expired: return errorPage(.expired, status: .gone)
        case .used: return errorPage(.used, status: .gone)
        case .invalid: return errorPage(.invalid, status: .badRequest)
        }
    }

    /// `POST /confirm/{token}`: confirms and sends the welcome email; 410 for an expired or
    /// spent token, 400 for any other bad one; a refused token changes nothing.
    func confirm(_ request: Request, token: String, context: WebContext) async throws -> Response {
        guard await collect(request) != nil else { return errorPage(.tooLarge, status: .contentTooLarge) }
        let subscriber: Subscriber
        do {
            subscriber = try await subscriptions.confirm(token: token, source: .web,
                                                         context: ChangeContext(ip: context.remoteAddress?.ipAddress, userAgent: nil), now: now())
        } catch let error as SubscriptionService.ConfirmationError {
            switch error {
            case .token(.expired): return errorPage(.expired, status: .gone)
            case .alreadyUsed: return errorPage(.used, status: .gone)
            case .token, .unknownSubscriber: return errorPage(.invalid, status: .badRequest)
            }
        }
        metrics.confirmation()
        let (subscriptions, logger, time) = (self.subscriptions, self.logger, now())
        Task.detached {
            do { try await subscriptions.sendWelcome(to: subscriber, now: time) } catch { logger.error("the welcome email could not be sent: \(error)") }
        }
        return page(.confirmed)
    }

    /// `GET /unsubscribe/{token}` never changes anything: it shows the button.
    func unsubscribePage(_ token: String) -> Response {
        guard subscriptions.unsubscribeClaim(token, now: now()) != nil else { return errorPage(.invalid, status: .badRequest) }
        return page(.unsubscribe)
    }

    /// The button's POST and RFC 8058 one-click (`List-Unsubscribe=One-Click`, urlencoded or
    /// multipart): 200 on success, no cookies, no redirect.
    func unsubscribe(_ request: Request, token: String) async throws -> Response {
        guard await collect(request) != nil else { return errorPage(.tooLarge, status: .contentTooLarge) }
        guard let email = subscriptions.unsubscribeClaim(token, now: now()) else { return errorPage(.invalid, status: .badRequest) }
        let query = request.uri.queryParameters
        let issue = subscriptions.attributedIssue(query["issue"].map(String.init), tag: query["t"].map(String.init), email: email)
        do {
            try await subscriptions.unsubscribe(email, source: .web, issue: issue, now: now())
            metrics.unsubscribe()
        } catch StoreError.unknownSubscriber {
            // Erased or never there: nothing to stop, and the answer says the same.
        }
        return page(.unsubscribed)
    }
}
