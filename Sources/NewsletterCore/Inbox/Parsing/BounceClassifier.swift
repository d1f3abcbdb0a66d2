/// Reads the reason of one failed recipient from its RFC 3463 status, its SMTP reply code
/// and the remote server's words. The words come first: servers often give a generic
/// status (`5.0.0`, `5.5.0`) with a precise sentence; the status decides when the words
/// say nothing known.
public enum BounceClassifier {
    /// - Parameter command: the SMTP command that was refused, when the report says. A
    ///   recipient refused only after `DATA` was refused for the content, whatever the
    ///   words say: the address was accepted at `RCPT TO`. A refusal of `MAIL FROM` is
    ///   about the sender, not the recipient.
    public static func reason(status: String?, replyCode: Int?, diagnostic: String?, action: String?, command: String? = nil) -> BounceReason {
        let text = (diagnostic ?? "").lowercased()
        if action == "delivered" || action == "relayed" || action == "expanded" { return .delivered }
        if let byText = reason(text: text) {
            if byText == .userUnknown, command == "data" { return .filtered }
            if byText.isHard, command == "mail" { return .rejected }
            // A temporary refusal that has not yet failed never makes an address gone.
            if byText.isHard, action == "delayed" { return .expired }
            return byText
        }
        if let status, let byStatus = reason(status: status) { return byStatus }
        if action == "delayed" { return .expired }
        if let replyCode {
            switch replyCode {
            case 550, 553: return .rejected
            case 552: return .mailboxFull
            case 421, 450, 451, 452: return .expired
            default: break
            }
        }
        return .undefined
    }

    static func reason(status: String) -> BounceReason? {
        let parts = status.split(separator: ".")
        guard parts.count == 3 else { return nil }
        let subject = parts[1], detail = parts[2]
        let permanent = parts[0] == "5"
        switch (subject, detail) {
        case ("1", "1"), ("1", "0") where permanent: return permanent ? .userUnknown : .expired
        case ("1", "2"): return permanent ? .hostUnknown : .networkError
        case ("1", "6"): return .hasMoved
        case ("1", "10"): return .notAccept
        case ("1", "3"), ("1", "7"), ("1", "8"): return .rejected
        case ("2", "1"): return .suspend
        case ("2", "2"): return .mailboxFull
        case ("2", "3"): return .messageTooBig
        case ("2", _): return .mailboxFull
        case ("3", "1"): return .systemFull
        case ("3", "4"): return .messageTooBig
        case ("3", _): return .systemError
        case ("4", "1"), ("4", "4"): return permanent ? .hostUnknown : .networkError
        case ("4", "6"), ("4", "7"): return .expired
        case ("4", _): return .networkError
        case ("5", _): return .syntaxError
        case ("6", _): return .contentError
        case ("7", "1"): return .blocked
        case ("7", "0"), ("7", "26"), ("7", "25"), ("7", "27"), ("7", "23"), ("7", "24"): return .securityError
        case ("7", _): return .securityError
        default: return permanent ? nil : .expired
        }
    }

    /// The reason the words name, or nil. Order matters: a full mailbox or a block is
    /// looked for before an unknown user, because servers mix the words.
    static func reason(text: String) -> BounceReason? {
        guard !text.isEmpty else { return nil }
        let bytes = ByteText(text)
        // "553 mx.example.net does not exist": a host, not a user.
        if let offset = bytes.offset(of: " does not exist") {
            let word = String(decoding: bytes.bytes[..<offset], as: UTF8.self).split(separator: " ").last ?? ""
            if word.contains("."), !word.contains("@"), !word.contains("<") { return .hostUnknown }
        }
        // IMail's "Delivery failed 3 attempts": retried until it gave up.
        if let at = bytes.offset(of: "delivery failed "), ByteText(String(decoding: bytes.bytes[at...].prefix(40), as: UTF8.self)).contains(" attempts") {
            return .expired
        }
        for (reason, phrases) in table where phrases.contains(where: { bytes.contains($0) }) {
            return reason
        }
        return nil
    }

    static let table: [(BounceReason, [String])] = [
        (.networkError, ["malformed or unexpected name server reply", "host not found, try again",
                          "temporary failure in name resolution", "dns lookup timed out", "dns error:"]),
        (.blocked, ["my name was rejected"]),
        // A group that takes no posts from the sender "may not exist": not proof of either.
        (.rejected, ["permission to post", "may not have permission"]),
        (.expired, ["envelope expired"]),
        (.rejected, ["sender address rejected", "domain of sender address", "sender domain", "mailfrom domain",
                     "sender verify failed", "sender rejected", "invalid sender", "sender unknown", "sender address is invalid"]),
        (.mailerError, ["pipe to |", "procmail", "x-unix;", "mailer error", "unknown mailer", "command failed"]),
        (.mailboxFull, [
            "mailbox full", "mailbox is full", "mailbox is over quota", "over quota", "overquota", "quota exceeded",
            "exceeded storage allocation", "mailbox size limit", "user is over", "insufficient disk space",
            "not enough storage", "mailfolder is full", "mail box full", "mailbox exceeds allowed size",
            "exceeds the quota", "too much mail data", "disk quota", "mailbox has exceeded", "storage limit",
            "recipient is over", "out of storage", "quota full", "quota violation",
        ]),
        (.hasMoved, [" has been moved", "address has changed", "has moved to", "no longer available at this address",
                     "user has moved", "changed his/her address", "changed their address"]),
        (.notAccept, ["does not accept mail", "reject all mail", "null mx", "domain does not accept", "accepts no mail"]),
        (.hostUnknown, [
            "host unknown", "unknown host", "domain not found", "no such domain", "domain does not exist",
            "domain is not found", "name or service not known", "host or domain name not found",
            "unrouteable mail domain", "unroutable mail domain", "all relevant mx records point to non-existent hosts",
            "no mx record", "dns error: domain name not found", "nxdomain", "domain name not found",
            "recipient domain not found", "unknown domain", "invalid domain", "domain is not configured",
            "host not found", "hostname not found", "unrouteable domain", "no route to domain",
            "the account or domain may not exist", "mail for the domain", "domain must exist",
        ]),
        (.suspend, [
            "account disabled", "account has been disabled", "mailbox disabled", "mailbox is disabled",
            "account is disabled", "is disabled", "has been suspended", "account suspended", "is suspended",
            "temporarily disabled", "temporary locked", "temporarily locked", "is locked", "mailbox is inactive", "account is inactive", "inactive account", "not active",
            "is frozen", "account has been closed", "mailbox unavailable: account",
        ]),
        (.blocked, [
            "blocked using", "listed at", "listed on", "blacklisted", "blocklisted", "spamhaus", "dnsbl",
            "rbl", "client host rejected", "ip address is blocked", "refused to talk to me", "rejected by dnsbl",
            "your ip", "is listed", "has been blocked", "access denied by", "poor reputation", "bad reputation",
            "connection refused", "not allowed to send", "please use the smtp server of your isp", "my name was rejected",
            "block list", "blacklist", "banned", "sender ip", "reverse dns", "ptr record",
        ]),
        (.spamDetected, ["spam", "junk mail", "message rejected as", "bulk mail", "unsolicited"]),
        (.virusDetected, ["virus", "malware"]),
        (.messageTooBig, ["message too big", "message is too big", "message size exceeds", "too large", "message exceeds"]),
        (.noRelaying, ["relay access denied", "relaying denied", "relay not permitted", "not permitted to relay",
                       "relaying not allowed", "unable to relay", "we do not relay", "relay denied", "no relaying"]),
        (.userUnknown, [
            "user unknown", "unknown user", "no such user", "user not found", "mailbox not found",
            "mailbox unavailable", "no such mailbox", "unknown recipient", "recipient unknown", "invalid recipient",
            "recipient not found", "no such recipient", "address unknown", "unknown local part",
            "unknown or illegal alias", "invalid mailbox", "mailbox does not exist", "does not exist",
            "doesn't exist", "not exist", "no mailbox", "recipient address rejected", "not a valid mailbox",
            "no account", "account does not exist", "unrouteable address", "unroutable address",
            "is not a valid user", "no valid recipients", "user doesn't have", "not our customer", "addressee unknown",
            "mailbox unknown", "unknown mailbox", "invalid address", "address not found", "address couldn't be found", "address rejected", "bad destination mailbox",
            "not listed in", "user invalid", "invalid user", "no user", "unknown account",
            "undeliverable address", "not found in directory", "recipient rejected", "account unavailable",
            "the email account that you tried to reach", "was not found", "no such person", "no such address",
            "is not a known user", "user does not exist", "resolver.adr.recipnotfound", "recipientnotfound",
            "deactivated", "invalid final delivery userid", "mailbox not available", "could not be found",
        ]),
        (.policyViolation, ["policy", "dmarc", "not authorized", "authentication required", "content rejected", "prohibited"]),
        (.securityError, ["tls", "starttls", "authentication", "ssl", "certificate", "spf", "dkim"]),
        (.tooManyConnections, ["too many connections", "too many recipients", "too many messages", "rate limit", "try again later"]),
        (.expired, ["retry timeout exceeded", "delivery time expired", "message expired", "timed out", "timeout",
                    "has not been delivered", "could not be delivered for", "giving up", "gave up", "queue too long",
                    "delivery attempts will continue", "retry time not reached"]),
        (.networkError, ["connection timed out", "network is unreachable", "no route to host", "lost connection", "mail loop", "loop detected", "too many hops",
                          "maximum hop count", "network error"]),
        (.syntaxError, ["syntax error", "command unrecognized", "malformed address", "bad sequence of commands"]),
        (.mailerError, ["exit code"]),
        (.systemFull, ["insufficient system storage", "system is full", "disk full"]),
        (.systemError, ["system error", "internal error", "server error", "local error", "system config error"]),
        (.filtered, ["filtered", "filter", "rejected by recipient", "refused by recipient", "cannot route mail to user"]),
        (.rejected, ["rejected", "refused", "denied", "not accepted"]),
    ]
}
