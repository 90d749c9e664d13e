/// Errors of the Signing module; `description` never contains secret material.
public enum SigningError: Error, Equatable, Sendable {
    /// The keyring variable holds no secret at all.
    case emptyKeyring(variable: String)
    /// Entry `entry` (1-based) of the keyring variable is not a usable secret.
    case invalidSecret(variable: String, entry: Int, problem: SecretProblem)
    /// A job name that is not 1–64 characters of `A–Z a–z 0–9 _ -`.
    case invalidJobName
    /// A presigned URL expiry that is not a unix time of 1–18 digits.
    case invalidExpiry
    /// A secret restricted to other jobs was asked to sign for `job`.
    case jobNotAllowedForKey(job: String, kid: String)
    /// OpenSSL could not produce random bytes.
    case randomUnavailable
}

extension SigningError: CustomStringConvertible {
    /// A one-line message, safe for logs and clients: it names the variable and entry, never the secret.
    public var description: String {
        switch self {
        case .emptyKeyring(let variable):
            return "\(variable) is empty: set at least one whsec_ secret"
        case .invalidSecret(let variable, let entry, let problem):
            return "\(variable): entry \(entry) \(problem.description)"
        case .invalidJobName:
            return "invalid job name: use 1-64 characters of A-Z a-z 0-9 _ -"
        case .invalidExpiry:
            return "invalid expiry: use a unix time between 0 and 999999999999999999"
        case .jobNotAllowedForKey(let job, let kid):
            return "the secret with key id \(kid) is not allowed to sign for job \(job)"
        case .randomUnavailable:
            return "the system random generator failed"
        }
    }
}

extension SigningError: CustomDebugStringConvertible {
    /// Same as `description`: there is no extra detail that would be safe to add.
    public var debugDescription: String { description }
}
