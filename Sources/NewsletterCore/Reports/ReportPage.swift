import Foundation

/// `report --html`: one self-contained page (inline CSS and SVG, no script, no remote
/// resource) that reads in dark mode and at 420 px; each chart has a table beside it and
/// `<title>`s on its marks.
public enum ReportPage {
    public static func html(_ report: IssueReport, name: String, now: Date) -> String {
        let e = HTMLEscape.text
        let (rows, weeks) = (report.rows, report.weeks)
        var body = "<h1>\(e(name)): report</h1>\n<p class=\"note\">As of \(e(UTCFormat.iso8601(now))).</p>\n"
        body += "<h2 id=\"list\">Confirmed subscribers</h2>\n" + lineChart(weeks)
        body += "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"list\"><table class=\"weeks\" aria-labelledby=\"list\"><thead><tr><th>Week</th><th>New</th><th>Unsubscribed</th><th>Bounced</th><th>Complaints</th><th>Total</th></tr></thead><tbody>\n"
        for w in weeks.reversed() {
            body += "<tr><td>\(e(w.week))</td><td>\(w.confirmedNew)</td><td>\(w.unsubscribed)</td><td>\(w.bounced)</td><td>\(w.complained)</td><td>\(w.totalConfirmed)</td></tr>\n"
        }
        body += "</tbody></table></div>\n<h2 id=\"issues\">Issues</h2>\n" + barChart(rows)
        body += "<table class=\"cards\" aria-labelledby=\"issues\"><thead><tr><th>Issue</th><th>Recipients</th><th>Delivered</th><th>Bounced</th><th>Unsubscribed</th><th>Complaints</th>"
        body += (report.clickTracking ? "<th>Clicks</th>" : "") + "</tr></thead><tbody>\n"
        for row in rows {
            let s = row.stats
            var cells = [("Recipients", s.recipients), ("Delivered", s.delivered), ("Bounced", s.bouncedHard + s.bouncedSoft),
                         ("Unsubscribed", s.unsubscribes), ("Complaints", s.complaints)]
            if report.clickTracking { cells.append(("Clicks", s.clicks ?? 0)) }
            body += "<tr><td>\(e(row.record.id))<br><span class=\"note\">\(e(row.record.subject))</span></td>"
            body += cells.map { "<td data-label=\"\($0.0)\">\($0.1)</td>" }.joined() + "</tr>\n"
        }
        body += "</tbody></table>\n"
        if report.clickTracking { body += topLinks(rows) }
        return """
            <!DOCTYPE html>
            <html lang="en" dir="ltr">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <title>\(e(name)): report</title>
            <style>
              :root { color-scheme: light dark; --fg: #1d2b2a; --bg: #f7f4ef; --card: #fff; --muted: #4d5d5c; --line: #1f6f72; --grid: #d9d3c9;
                      --ok: #1f6f72; --bounce: #b45309; --unsub: #6d28d9; --complaint: #b42318; }
              @media (prefers-color-scheme: dark) {
                :root { --fg: #e8eeed; --bg: #1b2221; --card: #243030; --muted: #b5c4c2; --line: #7fd0d3; --grid: #3a4746;
                        --ok: #7fd0d3; --bounce: #f59e0b; --unsub: #c4b5fd; --complaint: #fca5a5; }
              }
              body { margin: 0; padding: 24px; background: var(--bg); color: var(--fg); font: 16px/1.5 Helvetica, Arial, sans-serif; }
              main { max-width: 900px; margin: 0 auto; background: var(--card); padding: 24px; border-radius: 10px; }
              h1 { font: 26px/1.25 Georgia, serif; margin: 0 0 4px; }
              h2 { font: 20px/1.3 Georgia, serif; margin: 28px 0 8px; }
              .note { color: var(--muted); font-size: 14px; }
              svg { display: block; width: 100%; height: auto; }
              svg text { fill: var(--muted); font-size: 12px; }
              table { width: 100%; border-collapse: collapse; margin: 12px 0; font-size: 14px; }
              th, td { text-align: right; padding: 6px 8px; border-bottom: 1px solid var(--grid); }
              th:first-child, td:first-child { text-align: left; }
              .legend span { display: inline-block; margin-right: 14px; font-size: 13px; }
              .scroll { overflow-x: auto; }
              .scroll:focus-visible { outline: 3px solid var(--line); outline-offset: 2px; }
              .link { overflow-wrap: anywhere; }
              .bar { display: block; height: 6px; margin-top: 4px; background: var(--line); border-radius: 3px; }
              .legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px; }
              h3 { font: 17px/1.35 Georgia, serif; margin: 20px 0 4px; }
              .weeks td:first-child { white-space: nowrap; }
              @media (max-width: 480px) {
                body { padding: 0; } main { border-radius: 0; padding: 16px; } th, td { padding: 4px; } table { font-size: 13px; }
                svg text { font-size: 24px; }
                .cards thead { display: none; }
                .cards tr { display: block; padding: 8px 0; border-bottom: 1px solid var(--grid); }
                .cards td { display: flex; justify-content: space-between; border: 0; padding: 1px 0; }
                .cards td:first-child { display: block; margin-bottom: 4px; }
                .cards td::before { content: attr(data-label); color: var(--muted); }
              }
            </style>
            </head>
            <body>
            <main lang="en" dir="ltr">
            \(body)</main>
            </body>
            </html>

            """
    }

    /// Confirmed subscribers at the end of each week.
    public static func lineChart(_ weeks: [WeekStats]) -> String {
        guard !weeks.isEmpty else { return "<p class=\"note\">No subscriber history yet.</p>\n" }
        let (w, h, pad) = (800.0, 260.0, 56.0)
        let top = Double(max(1, weeks.map(\.totalConfirmed).max() ?? 1))
        let step = weeks.count > 1 ? (w - 2 * pad) / Double(weeks.count - 1) : 0
        func x(_ i: Int) -> Double { pad + Double(i) * step }
        func y(_ v: Int) -> Double { h - pad - (h - 2 * pad) * Double(v) / top }
        var svg = "<svg viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\" aria-labelledby=\"line-title\"><title id=\"line-title\">Confirmed subscribers per week, from \(weeks.first!.week) (\(weeks.first!.totalConfirmed)) to \(weeks.last!.week) (\(weeks.last!.totalConfirmed))</title>\n"
        svg += "<line x1=\"\(pad)\" y1=\"\(h - pad)\" x2=\"\(w - pad)\" y2=\"\(h - pad)\" stroke=\"var(--grid)\"/>\n"
        svg += "<text x=\"4\" y=\"\(y(Int(top)) + 4)\">\(Int(top))</text><text x=\"4\" y=\"\(h - pad + 4)\">0</text>\n"
        let points = weeks.indices.map { String(format: "%.1f,%.1f", x($0), y(weeks[$0].totalConfirmed)) }.joined(separator: " ")
        svg += "<polyline fill=\"none\" stroke=\"var(--line)\" stroke-width=\"3\" points=\"\(points)\"/>\n"
        for (i, week) in weeks.enumerated() {
            svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"var(--line)\">", x(i), y(week.totalConfirmed))
                + "<title>\(week.week): \(week.totalConfirmed) confirmed</title></circle>\n"
        }
        svg += "<text x=\"\(pad)\" y=\"\(h - 12)\">\(weeks.first!.week)</text><text x=\"\(w - pad)\" y=\"\(h - 12)\" text-anchor=\"end\">\(weeks.last!.week)</text>\n"
        return svg + "</svg>\n"
    }

    /// Each recent issue's most followed links (click tracking on), with a bar for each.
    static func topLinks(_ rows: [IssueReportRow]) -> String {
        let e = HTMLEscape.text
        var out = "<h2 id=\"links\">Top links</h2>\n<p class=\"note\">Clicks are counted per issue and link, never per person.</p>\n"
        let clicked = rows.prefix(6).filter { !$0.links.isEmpty }
        guard !clicked.isEmpty else { return out + "<p class=\"note\">No link has been followed yet.</p>\n" }
        for row in clicked {
            let top = max(1, row.links.first?.clicks ?? 1)
            out += "<h3>\(e(row.record.id)): \(e(row.record.subject))</h3>\n<table><thead><tr><th>Link</th><th>Clicks</th></tr></thead><tbody>\n"
            for link in row.links.prefix(10) {
                let percent = max(2, 100 * link.clicks / top)
                out += "<tr><td class=\"link\">\(e(displayURL(link.url)))<span class=\"bar\" style=\"width:\(percent)%\"></span></td><td>\(link.clicks)</td></tr>\n"
            }
            out += "</tbody></table>\n"
        }
        return out
    }

    /// A link as a reader would name it: without the scheme and the campaign tags.
    static func displayURL(_ url: String) -> String {
        var parts = URLResolver.split(url)
        let query = (parts.query ?? "").split(separator: "&").filter { !$0.hasPrefix("utm_") }.joined(separator: "&")
        parts.query = query.isEmpty ? nil : query
        return (parts.authority ?? "") + parts.path + (parts.query.map { "?" + $0 } ?? "")
    }

    /// One stacked bar per issue: delivered, bounced, unsubscribed, complaints.
    static func barChart(_ rows: [IssueReportRow]) -> String {
        guard !rows.isEmpty else { return "<p class=\"note\">No issue has been sent yet.</p>\n" }
        let shown = Array(rows.prefix(12).reversed())
        let (w, barH, labelH, gap) = (800.0, 22.0, 30.0, 14.0)
        let h = Double(shown.count) * (labelH + barH + gap)
        let top = Double(max(1, shown.map(\.stats.recipients).max() ?? 1))
        var svg = "<p class=\"legend\"><span><i style=\"background:var(--ok)\"></i>delivered</span><span><i style=\"background:var(--bounce)\"></i>bounced</span>"
        svg += "<span><i style=\"background:var(--unsub)\"></i>unsubscribed</span><span><i style=\"background:var(--complaint)\"></i>complaints</span></p>\n"
        svg += "<svg viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\" aria-labelledby=\"bar-title\"><title id=\"bar-title\">Per issue: delivered, bounced, unsubscribed and complaints</title>\n"
        for (i, row) in shown.enumerated() {
            let (record, s) = (row.record, row.stats)
            let yPos = Double(i) * (labelH + barH + gap)
            svg += "<text x=\"0\" y=\"\(yPos + labelH - 8)\">\(HTMLEscape.text(record.id)): \(s.recipients) recipients</text>\n"
            var xPos = 0.0
            // Each copy once: bounced (at send or reported later), then the delivered copies
            // whose reader left or complained, then the rest that arrived.
            let bounced = s.bouncedHard + s.bouncedSoft
            let delivered = max(0, s.recipients - bounced - s.unsubscribes - s.complaints - s.failed - s.deferred - s.unknown)
            for (value, color, what) in [(delivered, "--ok", "delivered"), (bounced, "--bounce", "bounced"),
                                         (s.unsubscribes, "--unsub", "unsubscribed"), (s.complaints, "--complaint", "complaints")] where value > 0 {
                let width = w * Double(value) / top
                svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" ", xPos, yPos + labelH, width, barH)
                    + "fill=\"var(\(color))\"><title>\(HTMLEscape.text(record.id)): \(value) \(what)</title></rect>\n"
                xPos += width
            }
        }
        return svg + "</svg>\n"
    }
}
