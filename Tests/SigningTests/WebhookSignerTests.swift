import Testing
@testable import Signing

@Suite struct WebhookSignerTests {
    @Test func matchesTheStandardWebhooksSpecExample() throws {
        // The example from the standard-webhooks reference test suites.
        let secret = try WebhookSecret(parsing: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        let signature = WebhookSigner.sign(secret: secret, id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330,
                                           body: Array(#"{"test": 2432232314}"#.utf8))
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func producesHeadersTheVerifierAccepts() throws {
        let secret = try WebhookSecret(key: TestSupport.key(5))
        let id = try WebhookSigner.makeMessageID()
        let body = Array("{}".utf8)
        let headers = WebhookSigner.headers(secret: secret, id: id, timestamp: 1_700_000_000, body: body)
        #expect(headers.fields.map(\.name) == ["webhook-id", "webhook-timestamp", "webhook-signature"])
        #expect(headers.timestamp == "1700000000")
        let verifier = WebhookVerifier(keyring: try WebhookKeyring(secrets: [secret]))
        let result = verifier.verify(id: headers.id, timestamp: headers.timestamp, signatureHeader: headers.signature,
                                     body: body, job: "any_job", now: 1_700_000_000)
        #expect(result == .success(VerifiedWebhook(id: id, timestamp: 1_700_000_000, kid: secret.kid)))
    }

    @Test func makesDistinctMessageIDs() throws {
        let a = try WebhookSigner.makeMessageID()
        #expect(a.hasPrefix("msg_") && a.utf8.count == 26)
        #expect(try WebhookSigner.makeMessageID() != a)
    }
}
