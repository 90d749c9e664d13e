extension PresignedURL {
    /// Checks a request's method, path (without query) and raw query (without `?`; not
    /// percent-decoded) at unix time `now`. `.missing` means the query carries none of the presigned
    /// parameters, so another authentication applies; once any is present the query must hold
    /// exactly `expires`, `kid` and `sig`, each once, and nothing else.
    public static func verify(method: String, path: String, query: String, keyring: WebhookKeyring, now: Int64,
                              maxQueryBytes: Int = defaultMaxQueryBytes) -> Result<PresignedGrant, PresignedFailure> {
        let pairs = query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false).map { part in
            let equals = part.firstIndex(of: UInt8(ascii: "=")) ?? part.endIndex
            let value = equals == part.endIndex ? part[equals...] : part[part.index(after: equals)...]
            return (name: Substring(part[..<equals]), value: Substring(value))
        }
        let names = ["expires", "kid", "sig"]
        guard !query.isEmpty, pairs.contains(where: { names.contains(String($0.name)) }) else {
            return .failure(.missing)
        }
        guard query.utf8.count <= maxQueryBytes, pairs.count == names.count,
              Set(pairs.map { String($0.name) }) == Set(names) else {
            return .failure(.invalidSignature)
        }
        var values: [String: Substring] = [:]
        for pair in pairs { values[String(pair.name)] = pair.value }
        guard let expiresText = values["expires"], let expires = WebhookVerifier.parseTimestamp(String(expiresText)),
              let kid = values["kid"], isKid(kid),
              let sigText = values["sig"], let sig = Base64URL.decode(sigText), sig.count == HMAC.sha256ByteCount,
              path.hasPrefix(pathPrefix), JobName.isValid(path.dropFirst(pathPrefix.count)) else {
            return .failure(.invalidSignature)
        }
        let job = String(path.dropFirst(pathPrefix.count))
        let candidates = keyring.secrets(withKid: String(kid))
        guard !candidates.isEmpty else { return .failure(.unknownKey) }
        let content = canonical(method: method, path: path, expires: String(expiresText), kid: String(kid))
        let matching = candidates.filter { ConstantTime.equals($0.hmac.mac(content), sig) }
        guard !matching.isEmpty else { return .failure(.invalidSignature) }
        guard matching.contains(where: { $0.allows(job: job) }) else { return .failure(.jobNotAllowedForKey) }
        guard now <= expires else { return .failure(.expired) }
        return .success(PresignedGrant(job: job, kid: String(kid), expires: expires))
    }

    /// True for exactly 8 lowercase hex characters.
    private static func isKid(_ text: Substring) -> Bool {
        text.utf8.count == 8 && text.utf8.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
        }
    }
}
