import Foundation
import HTTPTypes
import Hummingbird
import NewsletterCore

/// `/admin/subscribers/new`, `/admin/subscribers/import` and `/admin/subscribers/export.csv`:
/// add one person (double opt-in unless the editor records consent), import a CSV with
/// the same report of bad rows as the CLI, export everyone (owner).
extension WebApp {
    static let importLimit = 8 * 1024 * 1024

    func listTools(_ visit: ConsoleVisit, notice: String? = nil, problem: Bool = false, status: HTTPResponse.Status = .ok) -> Response {
        let csrf = ConsoleHTML.csrfField(visit.session.csrf)
        var body = notice.map { ConsoleHTML.notice($0, problem: problem) } ?? ""
        body += """
            <h2>Add one person</h2>
            <form method="post" action="/admin/subscribers/new">\(csrf)
            <label for="new-email">Email address</label><input id="new-email" name="email" type="email" required>
            <label for="new-name">Name (optional)</label><input id="new-name" name="name" type="text" maxlength="200">
            <div><input type="checkbox" id="consent" name="consent" value="1"> <label class="inline" for="consent">They gave their consent to us (recorded as such); without this they get a confirmation email</label></div>
            <button type="submit">Add</button></form>
            <h2>Import a CSV file</h2>
            <p>A header row with an <code>email</code> column (and <code>name</code>, any others kept as attributes); up to 8 MB here, larger with <code>newsletter subscribers import</code>.</p>
            <form method="post" action="/admin/subscribers/import" enctype="multipart/form-data">\(csrf)
            <label for="csv">CSV file</label><input id="csv" name="csv" type="file" accept=".csv,text/csv" required>
            <div><input type="checkbox" id="import-confirmed" name="confirmed" value="1"> <label class="inline" for="import-confirmed">These people confirmed elsewhere (import them as confirmed)</label></div>
            <button type="submit">Import</button></form>
            """
        if visit.user.role.allows(.owner) { body += "<h2>Export</h2><p><a href=\"/admin/subscribers/export.csv\" download>Download every subscriber as CSV</a></p>" }
        return consolePage("Add and import", body, visit: visit, current: "/admin/subscribers", status: status)
    }

    func consoleListTools(_ request: Request, context: WebContext) async throws -> Response {
        try await signedIn(request, context, needs: .editor) { visit in listTools(visit) }
    }

    func consoleAdd(_ request: Request, context: WebContext) async throws -> Response {
        try await signedIn(request, context, needs: .editor) { visit in
            guard let fields = await checkedForm(request, visit: visit) else { return forbidden(visit) }
            let email = (fields["email"] ?? "").trimmingCharacters(in: .whitespaces)
            let name = String((fields["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
            let consent = fields["consent"] == "1"
            let signUp: SubscriptionService.SignUp
            do {
                signUp = try await subscriptions.signUp(email, name: name.isEmpty ? nil : name, confirmed: consent, source: .admin, context: visit.context,
                                                        limitConfirmations: true, now: now())
            } catch let error as StoreError {
                return listTools(visit, notice: error.description, problem: true, status: .badRequest)
            }
            if signUp.confirmationDue { try await subscriptions.sendConfirmation(to: signUp.subscriber, now: now(), recorded: signUp.claimed) }
            try await consoleAccess?.record(visit.user, consent ? "added with consent" : "invited", signUp.subscriber.email, now: now())
            let words: String = switch signUp.outcome {
            case .created(let s) where s.status == .confirmed: "\(s.email) was added as confirmed, with your consent record."
            case .created(let s): "\(s.email) was added; a confirmation email asks them to confirm."
            case .existing(let s, let previous): "\(s.email) was on the list already (\(previous.rawValue)); now \(s.status.rawValue)."
            }
            return listTools(visit, notice: words)
        }
    }

    func consoleImport(_ request: Request, context: WebContext) async throws -> Response {
        try await signedIn(request, context, needs: .editor) { visit in
            var copy = request
            guard let buffer = try? await copy.collectBody(upTo: Self.importLimit) else {
                return listTools(visit, notice: "The file is larger than 8 MB; import it with newsletter subscribers import.", problem: true, status: .contentTooLarge)
            }
            let fields = FormBody.fields(String(buffer: buffer), contentType: request.headers[.contentType])
            guard let token = fields["csrf"], RandomToken.equal(token, visit.session.csrf) else { return forbidden(visit) }
            guard let people, let csv = fields["csv"], !csv.isEmpty else { return listTools(visit, notice: "Choose a CSV file.", problem: true, status: .badRequest) }
            var pending: Data? = Data(csv.utf8)
            let report: ImportReport
            do {
                report = try await ImportSubscribers(into: people, topics: settings.topics).run(file: "the uploaded file", confirmed: fields["confirmed"] == "1", now: now()) {
                    defer { pending = nil }
                    return pending
                }
            } catch {
                return listTools(visit, notice: "\(error)", problem: true, status: .badRequest)
            }
            try await consoleAccess?.record(visit.user, "imported", "\(report.added) new of \(report.rows) rows", now: now())
            var words = "Imported \(report.added) new subscriber\(report.added == 1 ? "" : "s") from \(report.rows) row\(report.rows == 1 ? "" : "s"): \(report.alreadyPresent) already on the list, \(report.optedOut) opted out earlier and left so, \(report.suppressed) erased earlier and kept off, \(report.invalid.count) refused."
            if !report.invalid.isEmpty {
                words += " " + report.invalid.prefix(50).map { "Line \($0.line): \($0.reason)" }.joined(separator: " ")
            }
            return listTools(visit, notice: words, problem: !report.invalid.isEmpty)
        }
    }

    /// Every subscriber as CSV, streamed a page at a time (owner).
    func consoleExport(_ request: Request, context: WebContext) async throws -> Response {
        try await signedIn(request, context, needs: .owner) { visit in
            guard let people else { return errorPage(.notFound, status: .notFound) }
            try await consoleAccess?.record(visit.user, "exported the list", nil, now: now())
            var headers = HTTPFields()
            headers[.contentType] = "text/csv; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"subscribers.csv\""
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: SubscriberCSV.exportHeader + "\n"))
                var after: Int64 = 0
                while true {
                    let page = try await people.page(status: nil, afterID: after, limit: 1000)
                    guard let last = page.last else { break }
                    try await writer.write(ByteBuffer(string: page.map(SubscriberCSV.exportLine).joined(separator: "\n") + "\n"))
                    after = last.id
                }
                try await writer.finish(nil)
            })
        }
    }
}
