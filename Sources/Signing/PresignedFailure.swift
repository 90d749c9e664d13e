/// Why a presigned trigger URL was not accepted.
public enum PresignedFailure: Error, Equatable, Sendable {
    /// The query has none of `expires`, `kid`, `sig`: not a presigned request.
    case missing
    /// The URL is genuine but its `expires` time has passed.
    case expired
    /// Malformed, altered, or extra/duplicate parameters, or a signature that does not match.
    case invalidSignature
    /// No configured key has the URL's `kid` (the key was removed, or the kid is made up).
    case unknownKey
    /// The URL was signed by a key that is now restricted to other jobs.
    case jobNotAllowedForKey

    /// The error code shown to clients; an unknown key is reported as an invalid signature.
    public var code: String {
        switch self {
        case .missing: return "missing_signature"
        case .expired: return "url_expired"
        case .invalidSignature, .unknownKey: return "invalid_signature"
        case .jobNotAllowedForKey: return "job_not_allowed_for_key"
        }
    }

    /// A distinct label per case, for metrics and logs.
    public var reason: String {
        switch self {
        case .missing: return "missing_signature"
        case .expired: return "url_expired"
        case .invalidSignature: return "invalid_signature"
        case .unknownKey: return "unknown_key"
        case .jobNotAllowedForKey: return "job_not_allowed_for_key"
        }
    }
}
