/// One Standard Webhooks signing key (`whsec_<base64>`), optionally restricted to some jobs.
///
/// Printing, dumping or interpolating a secret shows only its key id, never the key.
public struct WebhookSecret: Sendable, Equatable {
    /// The `whsec_` prefix of the textual form.
    public static let prefix = "whsec_"
    /// Fewest key bytes accepted (192 bits).
    public static let minimumKeyBytes = 24

    /// Raw HMAC key bytes (the base64-decoded part after `whsec_`).
    let key: [UInt8]
    /// The key prepared for HMAC-SHA256 (one keyed context, copied per message).
    let hmac: HMACKey
    /// Stable, non-secret key id: the first 8 hex characters of SHA-256 of the key bytes.
    public let kid: String
    /// Jobs this key may authorize, sorted; nil when the key is not restricted.
    public let allowedJobs: [String]?

    /// Creates a secret from raw key bytes; `allowedJobs` nil means every job.
    public init(key: [UInt8], allowedJobs: [String]? = nil) throws(SigningError) {
        guard key.count >= Self.minimumKeyBytes else {
            throw .invalidSecret(variable: WebhookKeyring.variableName, entry: 1, problem: .tooShort(bytes: key.count))
        }
        if let allowedJobs {
            guard !allowedJobs.isEmpty, allowedJobs.allSatisfy(JobName.isValid) else { throw .invalidJobName }
        }
        self.key = key
        self.hmac = HMACKey(key: key)
        self.kid = String(Hex.encode(SHA256.hash(key)).prefix(8))
        self.allowedJobs = allowedJobs.map { Array(Set($0)).sorted() }
    }

    private init(copying other: WebhookSecret) {
        key = [UInt8](unsafeUninitializedCapacity: other.key.count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: other.key)
        }
        hmac = other.hmac
        kid = String(decoding: Array(other.kid.utf8), as: UTF8.self)
        allowedJobs = other.allowedJobs.map { jobs in jobs.map { String(decoding: Array($0.utf8), as: UTF8.self) } }
    }

    /// An equal secret whose arrays and strings are fresh copies, sharing no storage (and so no
    /// reference counts) with this one: for a thread that checks signatures on its own copy.
    public func independentCopy() -> WebhookSecret {
        WebhookSecret(copying: self)
    }

    /// Equal when key bytes and job restrictions are equal.
    public static func == (lhs: WebhookSecret, rhs: WebhookSecret) -> Bool {
        lhs.key == rhs.key && lhs.allowedJobs == rhs.allowedJobs
    }

    /// True when this key may authorize `job`; a restricted key never authorizes a request not
    /// scoped to a job (`job == nil`).
    public func allows(job: String?) -> Bool {
        guard let allowedJobs else { return true }
        guard let job else { return false }
        return allowedJobs.contains(job)
    }

    /// A new random secret in textual form `whsec_<base64>` (32 key bytes by default), for
    /// generating configuration; it is the only API that returns key material as text.
    public static func generate(byteCount: Int = 32) throws(SigningError) -> String {
        precondition(byteCount >= minimumKeyBytes, "generated secrets must have at least 24 bytes")
        return prefix + Base64.encode(try SecureRandom.bytes(byteCount))
    }
}

extension WebhookSecret: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `WebhookSecret(kid: 1a2b3c4d)` plus the job restriction; no key material.
    public var description: String {
        let jobs = allowedJobs.map { " jobs: " + $0.joined(separator: ",") } ?? ""
        return "WebhookSecret(kid: \(kid)\(jobs))"
    }

    /// Same as `description`.
    public var debugDescription: String { description }

    /// Hides the key from `dump` and debuggers' mirrors.
    public var customMirror: Mirror {
        Mirror(self, children: ["kid": kid, "allowedJobs": allowedJobs as Any], displayStyle: .struct)
    }
}
