/// Presigned trigger URLs (DESIGN §4) for schedulers that cannot sign each call:
/// `/jobs/<job>?expires=<unix>&kid=<kid>&sig=<base64url HMAC(key, "POST\n/jobs/<job>\n<expires>\n<kid>")>`.
public enum PresignedURL {
    /// The only method a presigned URL authorizes.
    public static let method = "POST"
    /// Path prefix of trigger URLs.
    public static let pathPrefix = "/jobs/"
    /// Latest expiry a URL can carry (18 digits, the most `verify` parses).
    public static let maxExpires: Int64 = 999_999_999_999_999_999
    /// Default longest query accepted once presigned parameters are present, in bytes.
    public static let defaultMaxQueryBytes = 512

    /// Returns the path and query of a URL that triggers `job` until `expires` (unix seconds).
    /// A secret restricted to other jobs cannot presign `job`.
    public static func sign(job: String, expires: Int64, secret: WebhookSecret) throws(SigningError) -> String {
        guard JobName.isValid(job) else { throw .invalidJobName }
        guard expires >= 0, expires <= maxExpires else { throw .invalidExpiry }
        guard secret.allows(job: job) else { throw .jobNotAllowedForKey(job: job, kid: secret.kid) }
        let path = pathPrefix + job
        let mac = secret.hmac.mac(canonical(method: method, path: path,
                                              expires: String(expires), kid: secret.kid))
        return "\(path)?expires=\(expires)&kid=\(secret.kid)&sig=\(Base64URL.encode(mac))"
    }

    /// The signed content: `"{method}\n{path}\n{expires}\n{kid}"` as UTF-8 bytes.
    static func canonical(method: String, path: String, expires: String, kid: String) -> [UInt8] {
        Array("\(method)\n\(path)\n\(expires)\n\(kid)".utf8)
    }
}
