extension WebhookSecret {
    /// Parses one keyring entry `whsec_<base64>[@job1,job2]`; errors name `variable` and `entry`
    /// (1-based) but never echo the entry. Unpadded base64 is accepted, as the official libraries do.
    public init(parsing entry: some StringProtocol, variable: String = WebhookKeyring.variableName,
                entry index: Int = 1) throws(SigningError) {
        let text = String(entry)
        guard text.hasPrefix(Self.prefix) else {
            throw .invalidSecret(variable: variable, entry: index, problem: .missingPrefix)
        }
        let body = text.dropFirst(Self.prefix.count)
        let encoded: Substring
        var jobs: [String]?
        if let at = body.firstIndex(of: "@") {
            encoded = body[..<at]
            let names = body[body.index(after: at)...].split(separator: ",", omittingEmptySubsequences: false)
            guard !names.isEmpty, names.allSatisfy(JobName.isValid) else {
                throw .invalidSecret(variable: variable, entry: index, problem: .invalidJobList)
            }
            jobs = names.map(String.init)
        } else {
            encoded = body
        }
        guard let key = Self.decodeKey(encoded) else {
            throw .invalidSecret(variable: variable, entry: index, problem: .invalidBase64)
        }
        guard key.count >= Self.minimumKeyBytes else {
            throw .invalidSecret(variable: variable, entry: index, problem: .tooShort(bytes: key.count))
        }
        do {
            try self.init(key: key, allowedJobs: jobs)
        } catch {
            throw .invalidSecret(variable: variable, entry: index, problem: .invalidJobList)
        }
    }

    /// Strict base64 decoding that also accepts the padding left out.
    private static func decodeKey(_ text: Substring) -> [UInt8]? {
        switch text.utf8.count % 4 {
        case 2: return Base64.decode(String(text) + "==")
        case 3: return Base64.decode(String(text) + "=")
        default: return Base64.decode(text)
        }
    }
}
