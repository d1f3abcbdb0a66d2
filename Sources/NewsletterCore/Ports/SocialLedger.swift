/// Once per post and network: `share --post` looks here before posting and writes here
/// after. Adapters: `SQLiteSocialLedger`.
public protocol SocialLedger: Sendable {
    func socialPost(network: String, postID: String) async throws -> SocialPostRecord?
    /// Records a post (replacing an earlier record after `--force`).
    func recordSocialPost(_ record: SocialPostRecord) async throws
}
