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
            let app = WebApp(try env.webParts())
            let host = self.host ?? env.settings.serveHost
            let port = self.port ?? env.settings.servePort
            let publicURL = app.settings.identity.baseURL
            try await app.run(host: host, port: port) { bound in
                console.print("Listening on http://\(host.contains(":") ? "[\(host)]" : host):\(bound) (public address \(publicURL)).")
            }
        }
    }
}
