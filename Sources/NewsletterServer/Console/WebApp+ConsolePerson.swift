import Foundation
import HTTPTypes
import Hummingbird
import NewsletterCore

/// `/admin/subscribers/{id}`: one person, their consent log, and what the console may
/// change (each change in the consent log with source `admin` and the console user).
extension WebApp {
    func consolePerson(_ request: Request, context: WebContext, id: String) async throws -> Response {
        try await signedIn(request, context) { visit in
            guard let id = Int64(id), let person = try await people?.subscriber(id: id) else { return personMissing(visit) }
            return try await personPage(person, visit: visit)
        }
    }

    func personMissing(_ visit: ConsoleVisit) -> Response {
        consolePage("No such subscriber", ConsoleHTML.notice("Nobody has this id (erased, or never added).", problem: true), visit: visit, status: .notFound)
    }

    func personPage(_ person: Subscriber, visit: ConsoleVisit, notice: String? = nil, problem: Bool = false, status: HTTPResponse.Status = .ok) async throws -> Response {
        let csrf = ConsoleHTML.csrfField(visit.session.csrf)
        let action = "/admin/subscribers/\(person.id)"
        let paused = person.isPaused(at: now())
        var body = notice.map { ConsoleHTML.notice($0, problem: problem) } ?? ""
        body += """
            <dl><dt>Address</dt><dd id="address">\(Self.e(person.email))</dd><dt>Name</dt><dd>\(Self.e(person.name ?? "—"))</dd>
            <dt>Status</dt><dd id="status">\(person.status.rawValue)</dd><dt>Cadence</dt><dd id="cadence">\(person.cadence.rawValue)</dd>
            <dt>Topics</dt><dd id="topics">\(person.topics.isEmpty ? "all" : Self.e(person.topics.joined(separator: ", ")))</dd>
            <dt>Paused</dt><dd id="paused">\(paused ? "until " + (person.pausedUntil.map(ConsoleHTML.date) ?? "") : "no")</dd>
            <dt>Added</dt><dd>\(ConsoleHTML.date(person.created))</dd></dl>
            """
        if visit.user.role.allows(.editor), person.status.mayChangeSettings {
            body += """
                <h2>Change</h2>
                <form method="post" action="\(action)">\(csrf)<input type="hidden" name="action" value="settings">
                <div class="row"><div><label for="pause">Pause</label><select id="pause" name="pause">
                <option value="keep">\(paused ? "keep the pause" : "no pause")</option><option value="1m">1 month</option><option value="3m">3 months</option>
                \(paused ? "<option value=\"resume\">end the pause now</option>" : "")</select></div>
                <div><label for="cadence-choice">Cadence</label><select id="cadence-choice" name="cadence">
                \(Cadence.allCases.map { "<option value=\"\($0.rawValue)\"\($0 == person.cadence ? " selected" : "")>\($0.rawValue)</option>" }.joined())</select></div>
                <div><label for="name">Name</label><input id="name" name="name" type="text" maxlength="200" value="\(Self.e(person.name ?? ""))"></div></div>
                <button type="submit" id="save">Save</button></form>
                <form method="post" action="\(action)">\(csrf)<input type="hidden" name="action" value="unsubscribe"><button type="submit" class="danger">Unsubscribe</button></form>
                """
            if person.status == .pending {
                body += "<form method=\"post\" action=\"\(action)\">\(csrf)<input type=\"hidden\" name=\"action\" value=\"resend\"><button type=\"submit\">Send the confirmation email again</button></form>"
            }
        }
        if visit.user.role.allows(.owner) {
            body += """
                <h2>Erase</h2><p>Forgets this person and their consent log; a salted hash keeps imports from adding them back.</p>
                <form method="post" action="\(action)">\(csrf)<input type="hidden" name="action" value="erase">
                <label for="confirm">Type the address to confirm</label><input id="confirm" name="confirm" type="text" autocomplete="off" required>
                <div><button type="submit" class="danger">Erase</button></div></form>
                """
        }
        body += "<h2>Consent log</h2><div class=\"scroll\"><table><thead><tr><th>When</th><th>What</th><th>Status</th><th>Source</th><th>Detail</th></tr></thead><tbody>"
        for event in try await people?.events(of: person) ?? [] {
            let change = event.newStatus.map { "\(event.oldStatus?.rawValue ?? "—") → \($0.rawValue)" } ?? ""
            body += "<tr><td>\(ConsoleHTML.date(Date(timeIntervalSince1970: event.at)))</td><td>\(Self.e(event.action))</td><td>\(change)</td><td>\(event.source.rawValue)</td><td>\(Self.e(event.detail ?? ""))</td></tr>"
        }
        body += "</tbody></table></div>"
        return consolePage(person.email, body, visit: visit, current: "/admin/subscribers", status: status)
    }

    /// `POST /admin/subscribers/{id}`: `action` = settings, unsubscribe, resend or erase.
    func consolePersonChange(_ request: Request, context: WebContext, id: String) async throws -> Response {
        try await signedIn(request, context) { visit in
            guard let fields = await checkedForm(request, visit: visit) else { return forbidden(visit) }
            guard let id = Int64(id), let people, let person = try await people.subscriber(id: id) else { return personMissing(visit) }
            let needed: ConsoleRole = fields["action"] == "erase" ? .owner : .editor
            guard visit.user.role.allows(needed) else {
                return consolePage("Not allowed", ConsoleHTML.notice("Your role (\(visit.user.role.rawValue)) may not do this; it needs \(needed.rawValue).", problem: true),
                                   visit: visit, status: .forbidden)
            }
            func audit(_ what: String) async throws { try await consoleAccess?.record(visit.user, what, person.email, now: now()) }
            switch fields["action"] ?? "" {
            case "settings":
                var change = PreferenceChange()
                change.cadence = fields["cadence"].flatMap(Cadence.init(rawValue:))
                switch fields["pause"] ?? "keep" {
                case "1m": change.pause = .until(Self.months(1, after: now()))
                case "3m": change.pause = .until(Self.months(3, after: now()))
                case "resume": change.pause = .resume
                default: break
                }
                change.name = fields["name"].map { String($0.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200)) }
                switch try await ManageSubscription(store: people).changePreferences(person.email, change, source: .admin, context: visit.context, now: now()) {
                case .saved(let updated):
                    try await audit("changed settings of")
                    return try await personPage(updated, visit: visit, notice: "Saved.")
                case .notOnList(let unchanged):
                    return try await personPage(unchanged, visit: visit, notice: "Settings change only for someone confirmed or pending.", problem: true, status: .conflict)
                }
            case "unsubscribe":
                let (updated, _) = try await subscriptions.unsubscribe(person.email, source: .admin, context: visit.context, now: now())
                try await audit("unsubscribed")
                return try await personPage(updated, visit: visit, notice: "Unsubscribed.")
            case "resend":
                guard person.status == .pending else { return try await personPage(person, visit: visit, notice: "Only a pending person gets a confirmation email.", problem: true, status: .conflict) }
                try await subscriptions.sendConfirmation(to: person, now: now())
                try await audit("resent the confirmation to")
                return try await personPage(person, visit: visit, notice: "The confirmation email was sent again.")
            case "erase":
                guard (fields["confirm"] ?? "").trimmingCharacters(in: .whitespaces).lowercased() == person.email else {
                    return try await personPage(person, visit: visit, notice: "Type the address exactly to erase; nothing was erased.", problem: true, status: .badRequest)
                }
                _ = try await subscriptions.erase(person.email, now: now())
                try await consoleAccess?.record(visit.user, "erased a subscriber", nil, now: now())
                return consolePage("Erased", ConsoleHTML.notice("The person was erased; only a salted hash of the address remains.")
                                   + "<p><a href=\"/admin/subscribers\">Back to the subscribers</a></p>", visit: visit)
            default:
                return try await personPage(person, visit: visit, notice: "Unknown action; nothing changed.", problem: true, status: .badRequest)
            }
        }
    }
}
