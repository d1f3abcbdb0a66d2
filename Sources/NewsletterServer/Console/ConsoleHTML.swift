import Foundation
import NewsletterCore

/// The console's pages: server-rendered HTML that works without script, reads in dark
/// mode and at 320 px, with the same security headers as every page.
enum ConsoleHTML {
    static func e(_ text: String) -> String { HTMLEscape.text(text) }

    /// A whole page: `user` draws the navigation and the sign-out form (with its CSRF token).
    static func page(title: String, name: String, user: ConsoleUser? = nil, csrf: String? = nil, current: String = "", body: String) -> String {
        var nav = ""
        if let user, let csrf {
            var links = [("/admin/", "Overview"), ("/admin/subscribers", "Subscribers"), ("/admin/issues", "Issues")]
            if user.role.allows(.editor) { links.append(("/admin/compose", "Write")) }
            links.append(("/admin/settings", "Settings"))
            nav = "<nav aria-label=\"Console\"><ul>" + links.map { href, label in
                "<li><a href=\"\(href)\"\(href == current ? " aria-current=\"page\"" : "")>\(label)</a></li>"
            }.joined() + "</ul><form method=\"post\" action=\"/admin/logout\" class=\"inline\">" + csrfField(csrf)
                + "<span class=\"who\">\(e(user.email)) (\(user.role.rawValue))</span> <button type=\"submit\">Sign out</button></form></nav>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en" dir="ltr">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <title>\(e(title)) · \(e(name)) console</title>
            <style>\(css)</style>
            </head>
            <body>
            <header><p class="brand">\(e(name)) · console</p>
            \(nav)</header>
            <main id="main" lang="en" dir="ltr">
            <h1>\(e(title))</h1>
            \(body)
            </main>
            </body>
            </html>

            """
    }

    static func csrfField(_ token: String) -> String { "<input type=\"hidden\" name=\"csrf\" value=\"\(e(token))\">" }

    static func notice(_ text: String, problem: Bool = false) -> String {
        "<p class=\"\(problem ? "problem" : "notice")\" role=\"\(problem ? "alert" : "status")\">\(e(text))</p>\n"
    }

    static func date(_ date: Date) -> String { UTCFormat.iso8601(date).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC") }

    static let css = """
        :root { color-scheme: light dark; --fg: #1d2b2a; --bg: #f7f4ef; --card: #fff; --muted: #4d5d5c; --accent: #1f6f72; --line: #d9d3c9; --bad: #b42318; --on-accent: #fff; }
        @media (prefers-color-scheme: dark) { :root { --fg: #e8eeed; --bg: #1b2221; --card: #243030; --muted: #b5c4c2; --accent: #7fd0d3; --line: #3a4746; --bad: #fca5a5; --on-accent: #10201f; } }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.5 Helvetica, Arial, sans-serif; }
        header { background: var(--card); border-bottom: 1px solid var(--line); padding: 8px 16px; }
        .brand { margin: 0; font-weight: bold; }
        nav ul { list-style: none; margin: 4px 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
        nav a { color: var(--accent); } nav a[aria-current] { font-weight: bold; }
        .inline { display: inline; } .who { color: var(--muted); font-size: 14px; overflow-wrap: anywhere; }
        main { max-width: 960px; margin: 16px auto; padding: 16px; background: var(--card); border-radius: 8px; }
        h1 { font: 24px/1.25 Georgia, serif; margin: 0 0 12px; } h2 { font: 19px/1.3 Georgia, serif; margin: 24px 0 8px; }
        a { color: var(--accent); }
        label { display: block; margin: 10px 0 4px; font-weight: bold; }
        input, select, button { font: inherit; padding: 8px 10px; border: 1px solid var(--muted); border-radius: 6px; background: var(--bg); color: var(--fg); max-width: 100%; }
        input[type=text], input[type=email], input[type=password], input[type=search] { width: 24em; }
        button { background: var(--accent); color: var(--on-accent); border-color: var(--accent); cursor: pointer; margin-top: 8px; }
        button.danger { background: var(--bad); border-color: var(--bad); color: var(--on-accent); }
        :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
        table { width: 100%; border-collapse: collapse; font-size: 15px; }
        th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        td { overflow-wrap: anywhere; }
        .notice { border-left: 4px solid var(--accent); padding: 6px 10px; } .problem { border-left: 4px solid var(--bad); padding: 6px 10px; }
        .muted { color: var(--muted); } .row { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: flex-end; }
        .scroll { overflow-x: auto; } code { overflow-wrap: anywhere; }
        textarea { font: 15px/1.5 ui-monospace, Menlo, Consolas, monospace; width: 100%; padding: 8px 10px; border: 1px solid var(--muted); border-radius: 6px; background: var(--bg); color: var(--fg); }
        iframe.preview { width: 100%; height: 640px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
        pre.text-part { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--bg); padding: 10px; border-radius: 6px; font-size: 14px; }
        svg { display: block; width: 100%; height: auto; } svg text { fill: var(--muted); font-size: 12px; }
        .chart { --grid: var(--line); } .chart svg { --line: var(--accent); } .note { color: var(--muted); }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; } dd { margin: 0; overflow-wrap: anywhere; }
        @media (max-width: 480px) { main { margin: 0; border-radius: 0; padding: 12px; } input[type=text], input[type=email], input[type=password], input[type=search] { width: 100%; }
          dl { grid-template-columns: 1fr; } dt { margin-top: 6px; } }
        """
}
