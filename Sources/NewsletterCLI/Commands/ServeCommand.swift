import ArgumentParser
import Foundation
import Logging
import NewsletterCore
import NewsletterServer

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
            let stores = try env.stores()
            // Templates, secret, transport and DKIM keys are read once; each email gets the time it is sent.
            let subscriptions = try env.subscriptions(stores)
            var settings = WebSettings(identity: subscriptions.identity)
            if let limit = env.settings.subscribeLimit { settings.subscribeLimit = limit }
            if let idle = env.settings.serveIdleTimeout { settings.idleTimeout = idle }
            if let cap = env.settings.serveMaxConnections { settings.maxConnections = cap }
            settings.trustProxy = env.settings.trustProxy
            settings.mailgunSigningKey = env.settings.mailgunWebhookKey
            settings.postmarkPassword = env.settings.postmarkWebhookPassword
            settings.sendgridPublicKey = env.settings.sendgridWebhookKey
            settings.sesTopicARN = env.settings.sesTopicARN
            settings.adminToken = env.settings.adminToken
            settings.clickTracking = env.settings.clickTracking
            settings.snsCertificateDirectory = (env.stateDirectory as NSString).appendingPathComponent("sns-certs")
            let client = env.httpClient()
            var logger = Logger(label: "newsletter.serve")
            logger.logLevel = .info
            let app = WebApp(subscriptions: subscriptions, issues: stores.issues, history: stores.subscribers, settings: settings,
                             now: env.clock, logger: logger, inbox: try env.inboxProcessor(), fetch: { url in
                                 let response = try await client.send(HTTPClientRequest(url: url, timeout: 15, maxBodyBytes: 256 * 1024, maxRedirects: 0))
                                 guard (200..<300).contains(response.status) else { throw CLIError("\(url) answered HTTP \(response.status).") }
                                 return response.body
                             })
            let host = self.host ?? env.settings.serveHost
            let port = self.port ?? env.settings.servePort
            let publicURL = settings.identity.baseURL
            try await app.run(host: host, port: port) { bound in
                console.print("Listening on http://\(host.contains(":") ? "[\(host)]" : host):\(bound) (public address \(publicURL)).")
            }
        }
    }
}
