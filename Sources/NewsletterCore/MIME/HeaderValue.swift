

/// A header field before encoding: unstructured text is RFC 2047-encoded when it needs to be,
/// addresses get their display names encoded or quoted, raw values are ASCII the caller built.
public enum HeaderValue: Sendable, Equatable {
    case text(String)
    case addresses([EmailAddress])
    case raw(String)
    /// A whole field already encoded and folded by `HeaderEncoding.field`, for values that
    /// repeat in every copy of a digest.
    case encoded(String)
}
