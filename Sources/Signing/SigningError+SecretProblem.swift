extension SigningError {
    /// Why one keyring entry was rejected.
    public enum SecretProblem: Equatable, Sendable, CustomStringConvertible {
        /// The entry does not start with `whsec_`.
        case missingPrefix
        /// The part after `whsec_` is not base64.
        case invalidBase64
        /// The key decodes to fewer than `WebhookSecret.minimumKeyBytes` bytes.
        case tooShort(bytes: Int)
        /// The `@job1,job2` suffix is empty or names an invalid job.
        case invalidJobList

        /// A phrase completing "entry N …"; never includes the entry's text.
        public var description: String {
            switch self {
            case .missingPrefix:
                return "does not start with whsec_"
            case .invalidBase64:
                return "is not valid base64 after whsec_"
            case .tooShort(let bytes):
                return "decodes to \(bytes) bytes; at least \(WebhookSecret.minimumKeyBytes) are required"
            case .invalidJobList:
                return "has an invalid job list after @ (expected job1,job2 with names of A-Z a-z 0-9 _ -)"
            }
        }
    }
}
