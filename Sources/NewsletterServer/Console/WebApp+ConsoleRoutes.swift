import HTTPTypes
import Hummingbird

extension WebApp {
    /// The console under `/admin/` (SPEC.md, "The console").
    func addConsoleRoutes(_ router: Router<WebContext>) {
        router.get("/admin/login") { request, _ in self.loginPage(request) }
        router.post("/admin/login") { request, context in try await self.login(request, context: context) }
        router.post("/admin/login/code") { request, context in try await self.loginCode(request, context: context) }
        router.post("/admin/logout") { request, context in try await self.logout(request, context: context) }
        router.get("/admin/setup/:token") { request, context in try await self.setupPage(request, token: context.parameters.get("token") ?? "") }
        router.post("/admin/setup/:token") { request, context in try await self.setup(request, token: context.parameters.get("token") ?? "", context: context) }
        router.get("/admin") { request, context in try await self.consoleOverview(request, context: context) }
        router.get("/admin/subscribers") { request, context in try await self.consoleSubscribers(request, context: context) }
        router.get("/admin/subscribers/new") { request, context in try await self.consoleListTools(request, context: context) }
        router.post("/admin/subscribers/new") { request, context in try await self.consoleAdd(request, context: context) }
        router.post("/admin/subscribers/import") { request, context in try await self.consoleImport(request, context: context) }
        router.get("/admin/subscribers/export.csv") { request, context in try await self.consoleExport(request, context: context) }
        router.get("/admin/subscribers/:id") { request, context in try await self.consolePerson(request, context: context, id: context.parameters.get("id") ?? "") }
        router.post("/admin/subscribers/:id") { request, context in
            try await self.consolePersonChange(request, context: context, id: context.parameters.get("id") ?? "")
        }
        router.get("/admin/compose") { request, context in try await self.consoleCompose(request, context: context) }
        router.post("/admin/compose") { request, context in try await self.consoleComposeAction(request, context: context) }
        router.post("/admin/compose/preview") { request, context in try await self.consoleComposePreview(request, context: context) }
        router.get("/admin/console.js") { _, _ in self.consoleScript() }
        router.get("/admin/issues") { request, context in try await self.consoleIssues(request, context: context) }
        router.get("/admin/issues/:id") { request, context in try await self.consoleIssue(request, context: context, id: context.parameters.get("id") ?? "") }
        router.get("/admin/drafts/:id") { request, context in try await self.consoleDraft(request, context: context, id: context.parameters.get("id") ?? "") }
        router.post("/admin/drafts/:id") { request, context in
            try await self.consoleDraftDecision(request, context: context, id: context.parameters.get("id") ?? "")
        }
        router.get("/admin/next") { request, context in try await self.consoleNext(request, context: context) }
        router.post("/admin/next") { request, context in try await self.consoleNextTest(request, context: context) }
        router.get("/admin/settings") { request, context in try await self.consoleSettings(request, context: context) }
        // Any other console path: 303 or 401 without a session, 404 with one.
        for method in [HTTPRequest.Method.get, .post] {
            router.on("/admin/**", method: method) { request, context in
                try await self.signedIn(request, context) { _ in self.errorPage(.notFound, status: .notFound) }
            }
        }
    }
}
