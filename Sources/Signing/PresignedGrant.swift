/// A presigned trigger URL that was accepted: it authorizes one POST of `job`.
public struct PresignedGrant: Sendable, Equatable {
    /// The job named by the URL path.
    public let job: String
    /// Key id of the secret that signed the URL.
    public let kid: String
    /// Unix time after which the URL is no longer accepted.
    public let expires: Int64

    /// Creates a grant record.
    public init(job: String, kid: String, expires: Int64) {
        self.job = job
        self.kid = kid
        self.expires = expires
    }
}
