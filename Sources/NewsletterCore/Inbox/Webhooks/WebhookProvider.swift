/// The email services whose event webhooks `newsletter serve` verifies and applies
/// (`POST /webhooks/{provider}`).
public enum WebhookProvider: String, Sendable, CaseIterable {
    case mailgun, postmark, sendgrid, ses
}
