/// Why a Standard Webhooks signature was not accepted.
public enum WebhookAuthFailure: Error, Equatable, Sendable {
    /// `webhook-id`, `webhook-timestamp` or `webhook-signature` is missing or empty.
    case missingSignature
    /// No `v1` signature matches a configured key, or a header is malformed or over its limit.
    case invalidSignature
    /// The timestamp is further than the tolerance from now, in either direction.
    case timestampOutOfTolerance
    /// The signature matches only keys restricted to other jobs.
    case jobNotAllowedForKey

    /// The stable error code for responses and metrics labels.
    public var code: String {
        switch self {
        case .missingSignature: return "missing_signature"
        case .invalidSignature: return "invalid_signature"
        case .timestampOutOfTolerance: return "timestamp_out_of_tolerance"
        case .jobNotAllowedForKey: return "job_not_allowed_for_key"
        }
    }
}
