/// RFC 3834 automatic replies, and the vacation notices that do not follow it.
enum AutoReply {
    static func isAutoReply(_ headers: MailHeaders) -> Bool {
        if let auto = headers["Auto-Submitted"]?.lowercased(), auto.hasPrefix("auto-replied") || auto.hasPrefix("auto-generated") {
            return true
        }
        if headers["X-Autoreply"] != nil || headers["X-Autorespond"] != nil || headers["X-Auto-Response-Suppress"]?.lowercased().contains("oof") == true {
            return true
        }
        if let precedence = headers["Precedence"]?.lowercased(), precedence.contains("auto_reply") || precedence.contains("auto-reply") {
            return true
        }
        let subject = ByteText((headers.decoded("Subject") ?? "").prefix(4096).lowercased())
        let phrases = ["out of office", "out of the office", "auto:", "automatic reply", "autoreply", "auto-reply", "auto reply",
                       "vacation", "away from", "abwesenheit", "absence", "自動応答", "自動返信", "不在", "réponse automatique",
                       "risposta automatica", "respuesta automática", "automatisch antwoord", "automatische antwort",
                       "away until", "on leave", "currently away"]
        return phrases.contains { subject.contains($0) }
    }
}
