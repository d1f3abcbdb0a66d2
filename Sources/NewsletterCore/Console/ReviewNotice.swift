import Foundation

/// The email that tells an editor an issue waits for review: what it carries, the link to
/// the draft in the console, and when it expires unsent.
public enum ReviewNotice {
    public static func message(_ draft: IssueDraft, titles: [String], identity: NewsletterIdentity, to editor: String, now: Date) -> EmailMessage {
        let link = identity.baseURL.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/admin/drafts/\(draft.id)"
        let what = draft.kind == .digest ? "The weekly digest for \(draft.week)" : "The announcement of a new post"
        let expires = UTCFormat.iso8601(draft.expires)
        var text = "\(what) is waiting for your review: \"\(draft.subject)\".\n\n"
        text += titles.map { "- " + $0 }.joined(separator: "\n") + "\n\n"
        text += "Review it, hold back posts and approve it:\n\(link)\n\nUnless an editor approves it by \(expires), it will not be sent.\n"
        let e = HTMLEscape.text
        let html = """
            <!DOCTYPE html><html lang="en" dir="ltr"><head><meta charset="utf-8"><title>\(e(draft.subject))</title></head>
            <body><div lang="en" dir="ltr" style="font-family:Helvetica,Arial,sans-serif;font-size:16px;line-height:24px;max-width:600px;">
            <p>\(e(what)) is waiting for your review: <strong>\(e(draft.subject))</strong>.</p>
            <ul>\(titles.map { "<li>\(e($0))</li>" }.joined())</ul>
            <p><a href="\(e(link))">Review it, hold back posts and approve it</a></p>
            <p>Unless an editor approves it by \(e(expires)), it will not be sent.</p></div></body></html>
            """
        let envelope = DigestMessage.Envelope.random(domain: identity.from.domain, date: now)
        return EmailMessage(headers: [
            ("From", .addresses([identity.from])),
            ("To", .addresses([EmailAddress(editor)])),
            ("Subject", .text(HeaderEncoding.sanitize("[Review] " + draft.subject))),
            ("Date", .raw(RFC5322Date.string(now))),
            ("Message-ID", .raw(envelope.messageID)),
        ], body: .multipart(subtype: "alternative", boundary: envelope.boundary, parts: [.text(subtype: "plain", content: text), .text(subtype: "html", content: html)]))
    }
}
