import Foundation

/// Two checks of what a reader sees and what the message tells others: the sender's name
/// against the list's name, and what the message loads from elsewhere.
extension MessageChecks {
    /// `message.sender-name`: the From display name and the List-Id phrase name the same
    /// newsletter, so readers recognise whose mail it is (and do not report it as spam).
    static func senderName(_ m: MailPart) -> CheckResult {
        let id = "message.sender-name"
        guard let from = m.headers.decoded("From"), let address = Addresses.first(in: from) else {
            return .skip(id, "The message has no From address to compare.")
        }
        let list = m.headers.decoded("List-Id").map(Self.phrase) ?? ""
        let sender = Self.phrase(from)
        guard !sender.isEmpty else {
            let suggestion = list.isEmpty ? "the newsletter's name" : "\"\(list)\""
            return .warn(id, "The From address \(address) has no display name, so inboxes show the bare address instead of the newsletter's name.",
                         fix: "Set \(SettingKey.from) to \(list.isEmpty ? "Name <\(address)>" : "\"\(list) <\(address)>\"") (with \(suggestion) as the name).")
        }
        guard !list.isEmpty else { return .skip(id, "The message has no List-Id phrase to compare the sender's name \"\(sender)\" with.") }
        guard Self.sameName(sender, list) else {
            return .warn(id, "The sender's name \"\(sender)\" is not the list's name \"\(list)\" (List-Id), so readers may not recognise whose mail it is and report it as spam.",
                         fix: "Use one name in \(SettingKey.from) and \(SettingKey.name), such as \"\(list) <\(address)>\".")
        }
        return .pass(id, "The sender's name \"\(sender)\" matches the list's name \"\(list)\".")
    }

    /// The display name of an address header, or a List-Id's phrase: the text before the
    /// last `<`, unquoted; empty when there is none.
    static func phrase(_ value: String) -> String {
        guard let open = value.lastIndex(of: "<") else { return "" }
        var name = value[..<open].trimmingCharacters(in: .whitespacesAndNewlines)
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
            name = String(name.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
        }
        return name
    }

    /// The same name, or one inside the other word for word ("Harbor Light" in "Harbor Light
    /// Counseling"), ignoring case, accents and punctuation.
    static func sameName(_ a: String, _ b: String) -> Bool {
        func words(_ s: String) -> String {
            let folded = s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            return " " + folded.split { !($0.isLetter || $0.isNumber) }.joined(separator: " ") + " "
        }
        let x = words(a), y = words(b)
        guard x.count > 2, y.count > 2 else { return false }
        return x.contains(y) || y.contains(x)
    }

    /// `message.remote-content`: everything the HTML loads when opened (images, fonts,
    /// stylesheets, frames, backgrounds) comes from the blog's or the newsletter's hosts, or
    /// their organisation's. A load from anyone else tells them who opened which email.
    static func remoteContent(_ m: MailPart, ownHosts: [String], psl: PublicSuffixList) -> CheckResult {
        let id = "message.remote-content"
        guard let html = m.first("text/html") else { return .skip(id, "The message has no HTML part.") }
        let own = ownHosts.map { $0.lowercased() }.filter { !$0.isEmpty }
        guard !own.isEmpty else { return .skip(id, "Not checked: neither the blog's address nor \(SettingKey.baseURL) is known.") }
        let loads = Self.loadedURLs(html.text)
        var foreign: [String] = []
        var count = 0
        for url in loads {
            guard let host = Self.remoteHost(url) else { continue }
            count += 1
            if !own.contains(where: { $0 == host || psl.aligned($0, host) }), !foreign.contains(host) { foreign.append(host) }
        }
        let hosts = own.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.joined(separator: ", ")
        guard foreign.isEmpty else {
            return .warn(id, "The message loads from \(foreign.count == 1 ? "a host" : "\(foreign.count) hosts") other than the blog's and the newsletter's (\(foreign.prefix(5).joined(separator: ", "))\(foreign.count > 5 ? ", …" : "")), and each load tells that host who opened which email, as a tracking pixel does.",
                         fix: "Serve images, fonts and stylesheets from the blog or the newsletter's own host (\(hosts)), or leave them out.")
        }
        return .pass(id, count == 0 ? "The message loads nothing from the network." : "All \(count) resource\(count == 1 ? "" : "s") the message loads come\(count == 1 ? "s" : "") from the blog's or the newsletter's hosts.")
    }

    /// The host of an absolute http(s) or protocol-relative URL; nil for data:, cid: and
    /// relative references, which load nothing from the network.
    static func remoteHost(_ url: String) -> String? {
        let trimmed = url.trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = trimmed.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("//") else { return nil }
        let absolute = lower.hasPrefix("//") ? "https:" + trimmed : trimmed
        guard let authority = URLResolver.split(absolute).authority, !authority.isEmpty else { return nil }
        return UTM.host(authority)
    }

    /// The URLs an HTML document loads as it opens: `src`, `srcset`, `poster`, `data`,
    /// `background`, `<link href>`, SVG `href`, and `url(…)` and `@import` in styles.
    static func loadedURLs(_ html: String) -> [String] {
        var tokenizer = HTMLTokenizer(html)
        var urls: [String] = []
        var inStyle = false
        while let token = tokenizer.next() {
            switch token {
            case .startTag(let name, _, let attributes, let selfClosing):
                inStyle = name == "style" && !selfClosing
                let rel = attributes.first { $0.name == "rel" }?.value.lowercased() ?? ""
                for (attribute, value) in attributes {
                    switch attribute {
                    case "src", "poster", "background":
                        urls.append(value)
                    case "data":
                        if name == "object" { urls.append(value) }
                    case "srcset", "imagesrcset":
                        urls += value.split(separator: ",").compactMap { $0.split(whereSeparator: \.isWhitespace).first.map(String.init) }
                    case "href", "xlink:href":
                        // A link element loads (stylesheet, icon, preload) unless it only names a page.
                        if name == "link" ? !["canonical", "alternate", "author", "license"].contains(rel) : ["image", "use", "feimage"].contains(name) {
                            urls.append(value)
                        }
                    case "style":
                        urls += styleURLs(value)
                    default:
                        break
                    }
                }
            case .text(let range):
                if inStyle { urls += styleURLs(String(decoding: tokenizer.bytes[range], as: UTF8.self)) }
                inStyle = false
            case .endTag, .comment:
                inStyle = false
            }
        }
        return urls
    }

    /// `url(…)` and `@import "…"` in CSS.
    static func styleURLs(_ css: String) -> [String] {
        var out: [String] = []
        var from = css.startIndex
        while let open = css.range(of: "url(", options: .caseInsensitive, range: from..<css.endIndex) {
            let close = css[open.upperBound...].firstIndex(of: ")") ?? css.endIndex
            out.append(css[open.upperBound..<close].trimmingCharacters(in: CharacterSet(charactersIn: "\"' \t\r\n")))
            from = close
        }
        from = css.startIndex
        while let at = css.range(of: "@import", options: .caseInsensitive, range: from..<css.endIndex) {
            let after = css[at.upperBound...].drop { $0 == " " || $0 == "\t" }
            if let quote = after.first, quote == "\"" || quote == "'" {
                out.append(String(after.dropFirst().prefix { $0 != quote }))
            }
            from = at.upperBound
        }
        return out
    }
}
