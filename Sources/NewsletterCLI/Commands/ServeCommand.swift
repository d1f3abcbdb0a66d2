import ArgumentParser
import Foundation
import Logging
import NewsletterCore
import NewsletterServer
import NewsletterStore

/// `newsletter serve`: subscribe, confirm, unsubscribe and the archive on the web.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the subscribe, confirm, unsubscribe and archive pages.",
        discussion: """
        Endpoints: GET/POST /subscribe, GET /confirm/{token}, GET and POST \
        /unsubscribe/{token} (RFC 8058 one-click), GET /archive, /archive/{issue}, \
        /archive/feed.xml, GET /healthz. Links in emails use NEWSLETTER_BASE_URL, the address \
        people reach this server at (behind a reverse proxy, its public https address). \
        Stops cleanly on SIGTERM or SIGINT. One log line per request on stderr, without tokens \
        or addresses.

        Examples:
          newsletter serve
          newsletter serve --host 0.0.0.0 --port 8080
        """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The address to listen on (default 127.0.0.1, or NEWSLETTER_SERVE_HOST).", valueName: "host"))
    var host: String?

    @Option(help: ArgumentHelp("The port (default 8080, or NEWSLETTER_SERVE_PORT; 0 picks a free one).", valueName: "port"))
    var port: Int?

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535, not \(port).") }
    }

    func run() async throws {
        let console = Console()
        try await CommandRunner.run(console) {
            let env = try Environment.load(global)
            let store = try env.store()
            // Templates, secret, transport and DKIM key are read once; each email gets the time it is sent.
            let mailer = try env.mailer()
            var settings = WebSettings(identity: mailer.identity)
            if let limit = env.setting("NEWSLETTER_SUBSCRIBE_LIMIT", config: "serve.subscribe_limit").flatMap(Int.init) { settings.subscribeLimit = limit }
            settings.trustProxy = ["1", "true", "yes"].contains(env.setting("NEWSLETTER_TRUST_PROXY", config: "serve.trust_proxy")?.lowercased() ?? "")
            let fixedNow = env.variables["NEWSLETTER_NOW"] != nil ? env.now : nil
            let actions = WebActions(
                sendConfirmation: { subscriber in try await mailer.sendConfirmation(to: subscriber, store: store, now: fixedNow ?? Date()) },
                sendWelcome: { subscriber in try await mailer.sendWelcome(to: subscriber, now: fixedNow ?? Date()) })
            var logger = Logger(label: "newsletter.serve")
            logger.logLevel = .info
            let app = WebApp(store: store, templates: mailer.templates, secret: mailer.secret, settings: settings, actions: actions,
                             now: { fixedNow ?? Date() }, logger: logger)
            let host = self.host ?? env.setting("NEWSLETTER_SERVE_HOST", config: "serve.host") ?? "127.0.0.1"
            let port = self.port ?? env.setting("NEWSLETTER_SERVE_PORT", config: "serve.port").flatMap(Int.init) ?? 8080
            let publicURL = settings.identity.baseURL
            try await app.run(host: host, port: port) { bound in
                console.print("Listening on http://\(host.contains(":") ? "[\(host)]" : host):\(bound) (public address \(publicURL)).")
            }
        }
    }
}
