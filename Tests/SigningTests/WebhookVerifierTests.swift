import Testing
@testable import Signing

@Suite struct WebhookVerifierTests {
    let now: Int64 = 1_767_225_600
    let id = "msg_2LJ6bVZc8q1rA7tq"
    let body = Array(#"{"dry_run": true}"#.utf8)
    let job = "process_data_governance"
    let secretA: WebhookSecret
    let secretB: WebhookSecret

    init() throws {
        secretA = try WebhookSecret(key: TestSupport.key(1))
        secretB = try WebhookSecret(key: TestSupport.key(2))
    }

    func verifier(_ secrets: [WebhookSecret]) throws -> WebhookVerifier {
        WebhookVerifier(keyring: try WebhookKeyring(secrets: secrets))
    }

    func sign(_ secret: WebhookSecret, id: String? = nil, timestamp: Int64? = nil, body: [UInt8]? = nil) -> String {
        WebhookSigner.sign(secret: secret, id: id ?? self.id, timestamp: timestamp ?? now, body: body ?? self.body)
    }

    func check(_ verifier: WebhookVerifier, id: String?? = .none, timestamp: String?? = .none, signature: String?,
               body: [UInt8]? = nil, job: String? = "process_data_governance") -> Result<VerifiedWebhook, WebhookAuthFailure> {
        verifier.verify(id: id ?? self.id, timestamp: timestamp ?? String(now), signatureHeader: signature,
                        body: body ?? self.body, job: job, now: now)
    }

    @Test func acceptsValidSignatureAndReturnsIDAndKid() throws {
        let result = check(try verifier([secretA]), signature: sign(secretA))
        #expect(result == .success(VerifiedWebhook(id: id, timestamp: now, kid: secretA.kid)))
    }

    @Test func rejectsSignatureFromWrongSecret() throws {
        #expect(check(try verifier([secretA]), signature: sign(secretB)) == .failure(.invalidSignature))
    }

    @Test func acceptsSecondSecretOfRotationList() throws {
        let result = check(try verifier([secretA, secretB]), signature: sign(secretB))
        #expect(result == .success(VerifiedWebhook(id: id, timestamp: now, kid: secretB.kid)))
    }

    @Test func acceptsWhenOneOfTwoSignaturesIsValid() throws {
        let wrong = try WebhookSecret(key: TestSupport.key(9))
        let v = try verifier([secretA])
        #expect(check(v, signature: "\(sign(wrong)) \(sign(secretA))").map(\.kid) == .success(secretA.kid))
        #expect(check(v, signature: "\(sign(secretA)) \(sign(wrong))").map(\.kid) == .success(secretA.kid))
        #expect(check(v, signature: "\(sign(wrong)) \(sign(wrong))") == .failure(.invalidSignature))
    }

    @Test func ignoresEntriesOfOtherVersions() throws {
        let v = try verifier([secretA])
        let mac = sign(secretA).dropFirst(3)
        #expect(check(v, signature: "v1a,\(mac)") == .failure(.invalidSignature))
        #expect(check(v, signature: "v2,\(mac)") == .failure(.invalidSignature))
        #expect(check(v, signature: "V1,\(mac)") == .failure(.invalidSignature))
        #expect(check(v, signature: "v1a,\(mac) v1,\(mac)").isSuccess)
    }

    @Test func ignoresMalformedEntriesNextToAValidOne() throws {
        let v = try verifier([secretA])
        let valid = sign(secretA)
        #expect(check(v, signature: "garbage v1 v1, v1,!!!! v1,Zm9v \(valid)").isSuccess)
        #expect(check(v, signature: "garbage v1 v1, v1,!!!! v1,Zm9v") == .failure(.invalidSignature))
        #expect(check(v, signature: "   ") == .failure(.invalidSignature))
    }

    @Test func ignoresEntriesWhoseMACIsNotThirtyTwoBytes() throws {
        let v = try verifier([secretA])
        let valid = sign(secretA)
        let tag = try #require(Base64.decode(valid.dropFirst(3)))
        let longer = "v1," + Base64.encode(tag + tag)            // 64 bytes: more than the scratch space
        let prefixOnly = "v1," + Base64.encode(Array(tag.prefix(31)))
        let extended = "v1," + Base64.encode(tag + [0])            // 33 bytes that start with the right tag
        #expect(check(v, signature: longer) == .failure(.invalidSignature))
        #expect(check(v, signature: prefixOnly) == .failure(.invalidSignature))
        #expect(check(v, signature: extended) == .failure(.invalidSignature))
        #expect(check(v, signature: "\(longer) \(extended) \(valid)").isSuccess)
    }

    @Test func handlesIDAndTimestampContainingDots() throws {
        let v = try verifier([secretA])
        #expect(check(v, id: "msg.2026.01.01", signature: sign(secretA, id: "msg.2026.01.01")).isSuccess)
        // A dot moved between id and timestamp must not give the same signed content.
        #expect(check(v, id: "msg.1", signature: sign(secretA, id: "msg")) == .failure(.invalidSignature))
        #expect(check(v, timestamp: "\(now).0", signature: sign(secretA)) == .failure(.invalidSignature))
    }

    @Test func enforcesTimestampToleranceInBothDirections() throws {
        let v = try verifier([secretA])
        for offset: Int64 in [-301, 301, -100_000, 100_000] {
            let result = check(v, timestamp: String(now + offset), signature: sign(secretA, timestamp: now + offset))
            #expect(result == .failure(.timestampOutOfTolerance), "offset \(offset)")
        }
        for offset: Int64 in [-300, -299, 0, 299, 300] {
            #expect(check(v, timestamp: String(now + offset), signature: sign(secretA, timestamp: now + offset)).isSuccess,
                    "offset \(offset)")
        }
    }

    @Test func honoursConfiguredTolerance() throws {
        let v = WebhookVerifier(keyring: try WebhookKeyring(secrets: [secretA]), toleranceSeconds: 10)
        #expect(check(v, timestamp: String(now - 10), signature: sign(secretA, timestamp: now - 10)).isSuccess)
        #expect(check(v, timestamp: String(now - 11), signature: sign(secretA, timestamp: now - 11))
                == .failure(.timestampOutOfTolerance))
    }

    @Test func checksTimestampBeforeSignature() throws {
        let v = try verifier([secretA])
        let stale = now - 301
        #expect(check(v, timestamp: String(stale), signature: sign(secretB, timestamp: stale))
                == .failure(.timestampOutOfTolerance))
        #expect(check(v, signature: sign(secretB)) == .failure(.invalidSignature))
    }

    @Test(arguments: ["", " 1767225600", "1767225600 ", "+1767225600", "-1767225600", "1e9", "0x69", "１７６７２２５６００",
                      "1234567890123456789"])
    func rejectsMalformedTimestamp(timestamp: String) throws {
        let result = check(try verifier([secretA]), timestamp: .some(timestamp), signature: sign(secretA))
        #expect(result == .failure(timestamp.isEmpty ? .missingSignature : .invalidSignature))
    }

    @Test func rejectsBodyAlteredByOneByte() throws {
        let v = try verifier([secretA])
        var altered = body
        altered[altered.count - 2] ^= 0x01
        #expect(check(v, signature: sign(secretA), body: altered) == .failure(.invalidSignature))
        #expect(check(v, signature: sign(secretA), body: body + [0x20]) == .failure(.invalidSignature))
        #expect(check(v, signature: sign(secretA), body: Array(body.dropLast())) == .failure(.invalidSignature))
    }

    @Test func reportsEachMissingOrEmptyHeaderAsMissingSignature() throws {
        let v = try verifier([secretA])
        let signature = sign(secretA)
        #expect(check(v, id: .some(nil), signature: signature) == .failure(.missingSignature))
        #expect(check(v, id: "", signature: signature) == .failure(.missingSignature))
        #expect(check(v, timestamp: .some(nil), signature: signature) == .failure(.missingSignature))
        #expect(check(v, signature: nil) == .failure(.missingSignature))
        #expect(check(v, signature: "") == .failure(.missingSignature))
    }

    @Test func rejectsHugeSignatureHeaderQuickly() throws {
        let v = try verifier([secretA])
        let huge = String(repeating: sign(secretA) + " ", count: 1 << 20 / 48)   // about 1 MiB
        #expect(huge.utf8.count > 1_000_000)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(check(v, signature: huge) == .failure(.invalidSignature))
        }
        #expect(elapsed < .milliseconds(100), "took \(elapsed)")
    }

    @Test func enforcesSignatureHeaderByteLimit() throws {
        let v = try verifier([secretA])
        let valid = sign(secretA)
        let filler = String(repeating: " ", count: 4096 - valid.utf8.count)
        #expect(check(v, signature: filler + valid).isSuccess)
        #expect(check(v, signature: filler + " " + valid) == .failure(.invalidSignature))
    }

    @Test func enforcesSignatureEntryLimit() throws {
        let v = try verifier([secretA])
        let wrong = sign(try WebhookSecret(key: TestSupport.key(9)))
        let fifteen = Array(repeating: wrong, count: 15)
        #expect(check(v, signature: (fifteen + [sign(secretA)]).joined(separator: " ")).isSuccess)
        #expect(check(v, signature: (fifteen + [wrong, sign(secretA)]).joined(separator: " ")) == .failure(.invalidSignature))
        let limited = WebhookVerifier(keyring: v.keyring, limits: .init(maxSignatureEntries: 1))
        #expect(check(limited, signature: "\(wrong) \(sign(secretA))") == .failure(.invalidSignature))
    }

    @Test func enforcesIDLimits() throws {
        let v = try verifier([secretA])
        let longest = String(repeating: "i", count: 256)
        #expect(check(v, id: .some(longest), signature: sign(secretA, id: longest)).isSuccess)
        let tooLong = longest + "i"
        #expect(check(v, id: .some(tooLong), signature: sign(secretA, id: tooLong)) == .failure(.invalidSignature))
        let control = "msg\u{0}1"
        #expect(check(v, id: .some(control), signature: sign(secretA, id: control)) == .failure(.invalidSignature))
    }

    @Test func rejectsRestrictedKeyUsedForAnotherJob() throws {
        let restricted = try WebhookSecret(key: TestSupport.key(1), allowedJobs: ["cleanup_survey_progress"])
        let v = try verifier([restricted])
        #expect(check(v, signature: sign(restricted), job: "process_data_governance") == .failure(.jobNotAllowedForKey))
        #expect(check(v, signature: sign(restricted), job: nil) == .failure(.jobNotAllowedForKey))
        #expect(check(v, signature: sign(restricted), job: "cleanup_survey_progress").isSuccess)
        #expect(check(v, signature: sign(secretB), job: "process_data_governance") == .failure(.invalidSignature))
    }

    @Test func prefersAnAllowedKeyOverARestrictedMatch() throws {
        let restricted = try WebhookSecret(key: TestSupport.key(1), allowedJobs: ["cleanup_survey_progress"])
        let v = try verifier([restricted, secretA])
        #expect(check(v, signature: sign(secretA)).map(\.kid) == .success(secretA.kid))
    }

    @Test func failureCodesMatchTheAPIContract() {
        #expect(WebhookAuthFailure.missingSignature.code == "missing_signature")
        #expect(WebhookAuthFailure.invalidSignature.code == "invalid_signature")
        #expect(WebhookAuthFailure.timestampOutOfTolerance.code == "timestamp_out_of_tolerance")
        #expect(WebhookAuthFailure.jobNotAllowedForKey.code == "job_not_allowed_for_key")
    }
}

extension Result {
    /// True for `.success`.
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
