/// The checks of one message as it would go out (`message.*`): RFC 8058 one-click
/// unsubscribe, List-Id (RFC 2919), the Message-ID's domain, RFC 5322 line lengths,
/// Gmail's clipping size, a text part, image alt text, the sender's name against the list's,
/// and what the HTML loads from hosts other than the blog's and the newsletter's.
public enum MessageChecks {
    /// Gmail shows "[Message clipped]" for a message over 102 KB, hiding the footer with
    /// its unsubscribe link.
    public static let clipLimit = 102 * 1024

    /// - Parameter ownHosts: the blog's and the newsletter's hosts, which the message may
    ///   load images, fonts and stylesheets from.
    public static func run(_ bytes: [UInt8], psl: PublicSuffixList = .builtIn, ownHosts: [String] = []) -> [CheckResult] {
        let message = MailPart.parse(bytes)
        return [oneClick(message), listID(message), messageID(message, psl: psl), lines(bytes), size(bytes, message), textPart(message), altText(message),
                senderName(message), remoteContent(message, ownHosts: ownHosts, psl: psl)]
    }

    static func oneClick(_ m: MailPart) -> CheckResult {
        let id = "message.one-click"
        let fix = "Keep the templates' List-Unsubscribe headers and set \(SettingKey.baseURL) to an https:// address."
        guard let header = m.headers["List-Unsubscribe"] else {
            return .fail(id, "The message has no List-Unsubscribe header, which Gmail and Yahoo require of bulk mail.", fix: fix)
        }
        let uris = header.split(separator: ",").map { $0.trimmingWhitespace() }
        guard uris.contains(where: { $0.lowercased().hasPrefix("<https://") }) else {
            return .fail(id, "List-Unsubscribe has no https:// address, and one-click unsubscribe (RFC 8058) needs one.", fix: fix)
        }
        guard m.headers["List-Unsubscribe-Post"].map({ Substring($0).trimmingWhitespace() }) == "List-Unsubscribe=One-Click" else {
            return .fail(id, "The message has no List-Unsubscribe-Post: List-Unsubscribe=One-Click header (RFC 8058).", fix: fix)
        }
        let signatures = m.headers.all("DKIM-Signature")
        guard !signatures.isEmpty else {
            return .warn(id, "One-click unsubscribe headers are present but not covered by a DKIM signature, as RFC 8058 asks.",
                         fix: "Turn DKIM signing on (newsletter dkim generate).")
        }
        let covered = signatures.allSatisfy { signature in
            let names = (TagList(signature)["h"] ?? "").split(separator: ":").map { $0.trimmingWhitespace().lowercased() }
            return names.contains("list-unsubscribe") && names.contains("list-unsubscribe-post")
        }
        guard covered else {
            return .fail(id, "A DKIM signature does not cover List-Unsubscribe and List-Unsubscribe-Post, so receivers ignore one-click unsubscribe (RFC 8058 §4).",
                         fix: "Sign both headers (newsletter signs them; a relay that re-signs must too).")
        }
        return .pass(id, "One-click unsubscribe (RFC 8058) is offered and signed.")
    }

    static func listID(_ m: MailPart) -> CheckResult {
        let id = "message.list-id"
        guard let value = m.headers["List-Id"], value.contains("<"), value.contains(">") else {
            return .fail(id, "The message has no List-Id header (RFC 2919), which receivers use to group and filter a list's mail.",
                         fix: "Keep the List-Id header that newsletter writes.")
        }
        return .pass(id, "List-Id is \(Substring(value).trimmingWhitespace()).")
    }

    static func messageID(_ m: MailPart, psl: PublicSuffixList) -> CheckResult {
        let id = "message.message-id"
        guard let value = m.headers["Message-ID"], let at = value.lastIndex(of: "@"), let close = value.lastIndex(of: ">"), at < close else {
            return .fail(id, "The message has no valid Message-ID header (RFC 5322 §3.6.4).", fix: "Keep the Message-ID that newsletter writes.")
        }
        let domain = value[value.index(after: at)..<close].lowercased()
        guard let fromDomain = (m.headers["From"].flatMap { Addresses.first(in: $0) }).map({ EmailAddress($0).domain.lowercased() }) else {
            return .fail(id, "The message has no From address.", fix: "Set \(SettingKey.from).")
        }
        guard psl.aligned(domain, fromDomain) else {
            return .warn(id, "The Message-ID's domain \(domain) is not the From domain \(fromDomain), which some filters score as spam.",
                         fix: "Send from an address on the domain of the Message-ID, or let newsletter write the Message-ID.")
        }
        return .pass(id, "The Message-ID is in the sender's domain \(domain).")
    }

    static func lines(_ bytes: [UInt8]) -> CheckResult {
        let id = "message.lines"
        var line = 1, length = 0, longest = 0, longestLine = 0
        for byte in bytes {
            if byte == 0x0A {
                if length > longest { (longest, longestLine) = (length, line) }
                line += 1
                length = 0
            } else if byte != 0x0D {
                length += 1
            }
        }
        if length > longest { (longest, longestLine) = (length, line) }
        guard longest <= 998 else {
            return .fail(id, "Line \(longestLine) of the message is \(longest) octets long, over RFC 5322's limit of 998, and servers may cut or refuse it.",
                         fix: "Break long lines in the templates, or let newsletter encode the parts (it wraps quoted-printable at 76).")
        }
        return .pass(id, "No line is over 998 octets (the longest is \(longest)).")
    }

    static func size(_ bytes: [UInt8], _ m: MailPart) -> CheckResult {
        let id = "message.size"
        let kb = (bytes.count + 512) / 1024
        let fix = "Put fewer posts in a digest or shorten the summaries, so the message stays under 102 KB."
        if bytes.count > clipLimit {
            return .fail(id, "The message is \(kb) KB, over the 102 KB at which Gmail clips it and hides the unsubscribe footer.", fix: fix)
        }
        if bytes.count > clipLimit * 9 / 10 {
            return .warn(id, "The message is \(kb) KB, close to the 102 KB at which Gmail clips it.", fix: fix)
        }
        return .pass(id, "The message is \(kb) KB, under Gmail's 102 KB clipping size.")
    }

    static func textPart(_ m: MailPart) -> CheckResult {
        let id = "message.text-part"
        guard let text = m.first("text/plain"), !text.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else {
            return .fail(id, "The message has no plain-text part, which spam filters score against and some readers need.",
                         fix: "Keep Templates/digest.txt.mustache (and a text part in a --eml message).")
        }
        return .pass(id, "The message has a plain-text part of \(text.body.count) bytes.")
    }

    static func altText(_ m: MailPart) -> CheckResult {
        let id = "message.alt-text"
        guard let html = m.first("text/html") else { return .skip(id, "The message has no HTML part.") }
        var tokenizer = HTMLTokenizer(html.text)
        var images = 0
        var missing: [String] = []
        while let token = tokenizer.next() {
            guard case .startTag("img", _, let attributes, _) = token else { continue }
            images += 1
            if !attributes.contains(where: { $0.name == "alt" }) {
                missing.append(attributes.first { $0.name == "src" }?.value ?? "an image")
            }
        }
        guard missing.isEmpty else {
            return .warn(id, "\(missing.count) of \(images) image\(images == 1 ? "" : "s") have no alt text (first: \(missing[0])), so readers who block images or use a screen reader miss them.",
                         fix: "Give every <img> in the templates and posts an alt attribute (alt=\"\" for decoration).")
        }
        return .pass(id, images == 0 ? "The message has no images." : images == 1 ? "Its one image has alt text." : "All \(images) images have alt text.")
    }
}
