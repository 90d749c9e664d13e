import Testing
@testable import Signing

@Suite struct PresignedURLTests {
    let now: Int64 = 1_767_225_600
    let expires: Int64 = 1_830_297_600   // 2028-01-01
    let job = "cleanup_survey_progress"
    let secret: WebhookSecret
    let keyring: WebhookKeyring

    init() throws {
        secret = try WebhookSecret(key: TestSupport.key(1))
        keyring = try WebhookKeyring(secrets: [try WebhookSecret(key: TestSupport.key(2)), secret])
    }

    func split(_ url: String) -> (path: String, query: String) {
        let parts = url.split(separator: "?", maxSplits: 1)
        return (String(parts[0]), String(parts[1]))
    }

    func verify(_ url: String, method: String = "POST", now: Int64? = nil,
                keyring: WebhookKeyring? = nil) -> Result<PresignedGrant, PresignedFailure> {
        let (path, query) = split(url)
        return PresignedURL.verify(method: method, path: path, query: query, keyring: keyring ?? self.keyring,
                                   now: now ?? self.now)
    }

    @Test func signsTheDocumentedFormat() throws {
        let url = try PresignedURL.sign(job: job, expires: expires, secret: secret)
        let content = Array("POST\n/jobs/\(job)\n\(expires)\n\(secret.kid)".utf8)
        let sig = Base64URL.encode(HMAC.sha256(key: secret.key, message: content))
        #expect(url == "/jobs/\(job)?expires=\(expires)&kid=\(secret.kid)&sig=\(sig)")
        #expect(sig.utf8.count == 43)
    }

    @Test func acceptsValidURLUntilItExpires() throws {
        let url = try PresignedURL.sign(job: job, expires: expires, secret: secret)
        #expect(verify(url) == .success(PresignedGrant(job: job, kid: secret.kid, expires: expires)))
        #expect(verify(url, now: expires).isSuccess)
        #expect(verify(url, now: expires + 1) == .failure(.expired))
    }

    @Test func rejectsAlteredJobExpiresKidOrSig() throws {
        let url = try PresignedURL.sign(job: job, expires: expires, secret: secret)
        let other = try WebhookSecret(key: TestSupport.key(2))
        let (path, query) = split(url)
        let sig = String(query.split(separator: "&")[2].dropFirst(4))
        let flipped = String(sig.prefix(10)) + (sig.dropFirst(10).first == "A" ? "B" : "A") + sig.dropFirst(11)
        #expect(verify("/jobs/process_data_governance?" + query) == .failure(.invalidSignature))
        #expect(verify(path + "?" + query.replacingOccurrences("expires=\(expires)", "expires=\(expires + 1)"))
                == .failure(.invalidSignature))
        #expect(verify(path + "?" + query.replacingOccurrences("kid=\(secret.kid)", "kid=\(other.kid)"))
                == .failure(.invalidSignature))
        #expect(verify(path + "?" + query.replacingOccurrences("kid=\(secret.kid)", "kid=00000000"))
                == .failure(.unknownKey))
        #expect(verify(path + "?" + query.replacingOccurrences(sig, flipped)) == .failure(.invalidSignature))
        #expect(verify(url, method: "GET") == .failure(.invalidSignature))
    }

    @Test(arguments: [
        "expires=1&kid=abcdef01&sig=x&wait=5", "expires=1&expires=1&kid=abcdef01&sig=x",
        "expires=1&kid=abcdef01", "sig=x", "expires=1&kid=abcdef01&sig=x&", "&expires=1&kid=abcdef01&sig=x",
    ])
    func rejectsExtraDuplicateOrMissingParameters(template: String) throws {
        let url = try PresignedURL.sign(job: job, expires: expires, secret: secret)
        let (path, query) = split(url)
        var values: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            values[String(parts[0])] = String(parts[1])
        }
        let altered = template.replacingOccurrences("expires=1", "expires=\(values["expires"]!)")
            .replacingOccurrences("kid=abcdef01", "kid=\(values["kid"]!)")
            .replacingOccurrences("sig=x", "sig=\(values["sig"]!)")
        #expect(PresignedURL.verify(method: "POST", path: path, query: altered, keyring: keyring, now: now)
                == .failure(.invalidSignature))
    }

    @Test func reportsMissingWhenNoPresignedParameterIsPresent() {
        for query in ["", "wait=5", "wait=5&x=1"] {
            #expect(PresignedURL.verify(method: "POST", path: "/jobs/\(job)", query: query, keyring: keyring, now: now)
                    == .failure(.missing))
        }
    }

    @Test func rejectsMalformedValues() throws {
        let url = try PresignedURL.sign(job: job, expires: expires, secret: secret)
        let (path, query) = split(url)
        for bad in [query.replacingOccurrences("expires=", "expires=-"),
                    query.replacingOccurrences("expires=", "expires=+"),
                    query.replacingOccurrences("kid=\(secret.kid)", "kid=\(secret.kid.uppercased())"),
                    query.replacingOccurrences("kid=\(secret.kid)", "kid=\(secret.kid)0"),
                    query + "=",
                    query.replacingOccurrences("sig=", "sig=%41")] {
            #expect(PresignedURL.verify(method: "POST", path: path, query: bad, keyring: keyring, now: now)
                    == .failure(.invalidSignature), "\(bad)")
        }
        #expect(PresignedURL.verify(method: "POST", path: "/jobs/", query: query, keyring: keyring, now: now)
                == .failure(.invalidSignature))
        #expect(PresignedURL.verify(method: "POST", path: "/jobs/\(job)/x", query: query, keyring: keyring, now: now)
                == .failure(.invalidSignature))
    }

    @Test func enforcesQueryByteLimit() throws {
        let url = try PresignedURL.sign(job: job, expires: expires, secret: secret)
        let (path, query) = split(url)
        #expect(PresignedURL.verify(method: "POST", path: path, query: query, keyring: keyring, now: now,
                                    maxQueryBytes: query.utf8.count).isSuccess)
        #expect(PresignedURL.verify(method: "POST", path: path, query: query, keyring: keyring, now: now,
                                    maxQueryBytes: query.utf8.count - 1) == .failure(.invalidSignature))
    }

    @Test func restrictedKeyPresignsOnlyItsJobs() throws {
        let restricted = try WebhookSecret(key: TestSupport.key(1), allowedJobs: [job])
        #expect(throws: SigningError.jobNotAllowedForKey(job: "process_data_governance", kid: restricted.kid)) {
            try PresignedURL.sign(job: "process_data_governance", expires: expires, secret: restricted)
        }
        let url = try PresignedURL.sign(job: job, expires: expires, secret: restricted)
        #expect(verify(url, keyring: try WebhookKeyring(secrets: [restricted])).isSuccess)
    }

    @Test func urlOfAKeyLaterRestrictedToOtherJobsIsRejected() throws {
        let url = try PresignedURL.sign(job: job, expires: expires, secret: secret)
        let nowRestricted = try WebhookSecret(key: TestSupport.key(1), allowedJobs: ["process_data_governance"])
        #expect(verify(url, keyring: try WebhookKeyring(secrets: [nowRestricted])) == .failure(.jobNotAllowedForKey))
    }

    @Test func urlOfARemovedKeyIsUnknown() throws {
        let url = try PresignedURL.sign(job: job, expires: expires, secret: secret)
        let remaining = try WebhookKeyring(secrets: [try WebhookSecret(key: TestSupport.key(2))])
        #expect(verify(url, keyring: remaining) == .failure(.unknownKey))
        #expect(PresignedFailure.unknownKey.code == "invalid_signature")
        #expect(PresignedFailure.unknownKey.reason == "unknown_key")
    }

    @Test func signsExpiryUpToEighteenDigitsOnly() throws {
        let url = try PresignedURL.sign(job: job, expires: PresignedURL.maxExpires, secret: secret)
        #expect(verify(url).isSuccess)
        for bad: Int64 in [-1, PresignedURL.maxExpires + 1] {
            #expect(throws: SigningError.invalidExpiry) { try PresignedURL.sign(job: job, expires: bad, secret: secret) }
        }
    }

    @Test func rejectsInvalidJobNamesWhenSigning() throws {
        for name in ["", "a/b", "a b", "a?b", String(repeating: "j", count: 65)] {
            #expect(throws: SigningError.invalidJobName) { try PresignedURL.sign(job: name, expires: expires, secret: secret) }
        }
    }
}

extension String {
    /// Replaces every occurrence of `target` with `replacement` (FoundationEssentials-free helper).
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
