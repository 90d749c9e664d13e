import Testing
@testable import Signing

@Suite struct WebhookKeyringTests {
    let keyA = TestSupport.key(1)
    let keyB = TestSupport.key(2)

    @Test func parsesRotationListSeparatedBySpacesTabsAndNewlines() throws {
        let value = "  \(TestSupport.secretText(keyA))\n\t\(TestSupport.secretText(keyB))\r\n"
        let keyring = try WebhookKeyring(parsing: value)
        #expect(keyring.secrets.map(\.key) == [keyA, keyB])
        #expect(keyring.secrets.allSatisfy { $0.allowedJobs == nil })
    }

    @Test func parsesJobRestrictionSuffix() throws {
        let value = "\(TestSupport.secretText(keyA)) \(TestSupport.secretText(keyB))@cleanup_survey_progress,sync-x"
        let keyring = try WebhookKeyring(parsing: value)
        let restricted = keyring.secrets[1]
        #expect(restricted.key == keyB)
        #expect(restricted.allowedJobs == ["cleanup_survey_progress", "sync-x"])
        #expect(restricted.allows(job: "cleanup_survey_progress"))
        #expect(!restricted.allows(job: "process_data_governance"))
        #expect(!restricted.allows(job: nil))
        #expect(keyring.secrets[0].allows(job: nil))
        #expect(keyring.signingSecret(for: "process_data_governance")?.key == keyA)
    }

    @Test func kidIsFirstEightHexCharactersOfSHA256OfTheKey() throws {
        let secret = try WebhookSecret(parsing: TestSupport.secretText(keyA))
        #expect(secret.kid == String(TestSupport.hex(SHA256.hash(keyA)).prefix(8)))
        #expect(try WebhookSecret(parsing: TestSupport.secretText(keyA) + "@x").kid == secret.kid)
        #expect(try WebhookSecret(parsing: TestSupport.secretText(keyB)).kid != secret.kid)
    }

    @Test func acceptsSecretWithoutBase64Padding() throws {
        let key = TestSupport.key(3, count: 25)
        let unpadded = TestSupport.secretText(key).filter { $0 != "=" }
        #expect(unpadded.dropFirst(WebhookSecret.prefix.count).utf8.count % 4 == 2)
        #expect(try WebhookSecret(parsing: unpadded).key == key)
    }

    @Test func acceptsExactly24BytesAndRejects23() throws {
        #expect(try WebhookSecret(parsing: TestSupport.secretText(TestSupport.key(4, count: 24))).key.count == 24)
        #expect(throws: SigningError.invalidSecret(variable: "JOBS_WEBHOOK_SECRETS", entry: 2,
                                                   problem: .tooShort(bytes: 23))) {
            try WebhookKeyring(parsing: TestSupport.secretText(keyA) + " "
                               + TestSupport.secretText(TestSupport.key(4, count: 23)))
        }
    }

    @Test func rejectsEmptyValue() {
        #expect(throws: SigningError.emptyKeyring(variable: "JOBS_WEBHOOK_SECRETS")) { try WebhookKeyring(parsing: "") }
        #expect(throws: SigningError.emptyKeyring(variable: "JOBS_WEBHOOK_SECRETS")) { try WebhookKeyring(parsing: " \n ") }
    }

    @Test(arguments: [
        ("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", SigningError.SecretProblem.missingPrefix),
        ("WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", .missingPrefix),
        ("whsec_MfKQ9r8GKYqrTwjUPD8I*PZIo2LaLaSw", .invalidBase64),
        ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaL", .invalidBase64),
        ("whsec_", .tooShort(bytes: 0)),
        ("whsec_c2hvcnQ=", .tooShort(bytes: 5)),
        ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw@", .invalidJobList),
        ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw@a,,b", .invalidJobList),
        ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw@a/b", .invalidJobList),
        ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw@@a", .invalidJobList),
    ])
    func rejectsGarbageEntries(entry: String, problem: SigningError.SecretProblem) {
        #expect(throws: SigningError.invalidSecret(variable: "JOBS_WEBHOOK_SECRETS", entry: 1, problem: problem)) {
            try WebhookKeyring(parsing: entry)
        }
    }

    @Test func errorsNameTheVariableButNeverEchoTheSecret() {
        let tooShort = "whsec_c2VjcmV0LXZhbHVlLTEyMzQ="   // 18 bytes
        let badJobs = "whsec_TOPSECRETTOPSECRETTOPSECRETTOPSECRET@bad job"
        for value in [tooShort, badJobs, "TOPSECRETTOPSECRET", "whsec_TOPSECRET*TOPSECRET"] {
            do {
                _ = try WebhookKeyring(parsing: value, variable: "JOBS_WEBHOOK_SECRETS_FILE")
                Issue.record("accepted \(value.count)-character garbage")
            } catch {
                #expect(error.description.contains("JOBS_WEBHOOK_SECRETS_FILE"))
                #expect(!error.description.contains("TOPSECRET"))
                #expect(!error.description.contains("c2VjcmV0"))
                #expect(!error.debugDescription.contains("TOPSECRET"))
            }
        }
    }

    @Test func printingASecretShowsOnlyItsKid() throws {
        let secret = try WebhookSecret(parsing: TestSupport.secretText(keyA) + "@job_a")
        let encoded = Base64.encode(keyA)
        var dumped = ""
        dump(secret, to: &dumped)
        let keyring = try WebhookKeyring(secrets: [secret])
        for text in ["\(secret)", String(reflecting: secret), dumped, "\(keyring)"] {
            #expect(text.contains(secret.kid))
            #expect(!text.contains(encoded.prefix(12)))
        }
    }

    @Test func generatesParsableSecrets() throws {
        let text = try WebhookSecret.generate()
        let secret = try WebhookSecret(parsing: text)
        #expect(secret.key.count == 32)
        #expect(try WebhookSecret.generate() != text)
    }

    @Test func anIndependentCopyIsEqualAndSharesNoStorage() throws {
        let keyring = try WebhookKeyring(parsing: "\(TestSupport.secretText(keyA)) \(TestSupport.secretText(keyB))@process_data_governance")
        let copy = keyring.independentCopy()
        #expect(copy == keyring)
        #expect(copy.secrets.map(\.kid) == keyring.secrets.map(\.kid))
        for (original, copied) in zip(keyring.secrets, copy.secrets) {
            let a = original.key.withUnsafeBufferPointer { $0.baseAddress }
            let b = copied.key.withUnsafeBufferPointer { $0.baseAddress }
            #expect(a != b)
        }
        let body = Array("{}".utf8)
        let signed = WebhookSigner.sign(secret: keyring.secrets[1], id: "msg_1", timestamp: 1_700_000_000, body: body)
        for ring in [keyring, copy] {
            let verifier = WebhookVerifier(keyring: ring)
            let result = verifier.verify(
                id: "msg_1", timestamp: "1700000000", signatureHeader: signed, body: body,
                job: "process_data_governance", now: 1_700_000_000)
            #expect((try? result.get())?.kid == keyring.secrets[1].kid)
        }
    }
}
