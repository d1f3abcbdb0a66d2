import Foundation
import HTTPTypes
import Hummingbird
import NewsletterCore

extension WebApp {
    /// `GET /r/{issue}/{link}/{sig}`: a link of an issue, signed when it was composed. A
    /// good signature redirects (302) to exactly that link, counting one click for the
    /// issue and link while tracking is on; anything else is 404 and counts nothing.
    /// Nothing about the reader is kept: no address, no IP, no cookie. A scanner's visit, a
    /// `HEAD` and a repeat by the same client within minutes redirect without counting.
    func click(_ request: Request, context: WebContext, issue rawIssue: String, link: String, signature: String) async throws -> Response {
        let issue = rawIssue.removingPercentEncoding ?? rawIssue
        guard let target = subscriptions.clickTarget(issue: issue, link: link, signature: signature) else {
            return errorPage(.notFound, status: .notFound)
        }
        if settings.clickTracking, request.method == .get,
           clickFilter.counts(client: clientAddress(request, context: context), userAgent: request.headers[.userAgent], issue: issue, link: link, now: now()) {
            do {
                try await issues.recordClick(issueID: issue, url: target, now: now())
            } catch {
                // The reader still gets where they were going; the count is what is lost.
                logger.warning("A click on \(issue) could not be counted: \(error)")
            }
        }
        var headers = HTTPFields()
        headers[.location] = target
        headers[.cacheControl] = "no-store"
        return Response(status: .found, headers: headers)
    }
}
