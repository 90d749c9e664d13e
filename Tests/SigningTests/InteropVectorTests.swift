import Foundation
import Testing
@testable import Signing

/// Cases signed by the official Python packages `standardwebhooks` and `svix`
/// (`Tests/Interop/make_vectors.py`), read from the file named by env `INTEROP_VECTORS`.
@Suite struct InteropVectorTests {
    struct Document: Decodable {
        let toleranceSeconds: Int64
        let cases: [Case]
    }

    struct Case: Decodable {
        let name: String
        let secret: String
        let secretsConfigured: String
        let id: String?
        let timestamp: String?
        let bodyB64: String
        let signatureHeader: String?
        let now: Int64
        let job: String?
        let expect: String
        let referenceSignature: String?
    }

    static func loadVectors() throws -> Document {
        let path = try #require(ProcessInfo.processInfo.environment["INTEROP_VECTORS"],
                                """
                                INTEROP_VECTORS is not set: run Tests/Interop/make_vectors.py OUT.json with the \
                                standardwebhooks and svix packages installed, then export INTEROP_VECTORS=OUT.json
                                """)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let document = try decoder.decode(Document.self, from: data)
        try #require(!document.cases.isEmpty, "\(path) holds no cases")
        return document
    }

    @Test func interopVectorsFromOfficialLibraries() throws {
        let document = try Self.loadVectors()
        var outcomes: Set<String> = []
        for vector in document.cases {
            let keyring = try WebhookKeyring(parsing: vector.secretsConfigured)
            let verifier = WebhookVerifier(keyring: keyring, toleranceSeconds: document.toleranceSeconds)
            let body = try #require(Base64.decode(vector.bodyB64), "\(vector.name): body_b64")
            let result = verifier.verify(id: vector.id, timestamp: vector.timestamp,
                                         signatureHeader: vector.signatureHeader, body: body, job: vector.job,
                                         now: vector.now)
            let outcome: String
            switch result {
            case .success: outcome = "ok"
            case .failure(let failure): outcome = failure.code
            }
            #expect(outcome == vector.expect, "\(vector.name)")
            outcomes.insert(outcome)
        }
        // The file must exercise every outcome, or a broken generator could pass silently.
        #expect(outcomes == ["ok", "invalid_signature", "timestamp_out_of_tolerance", "missing_signature",
                             "job_not_allowed_for_key"])
    }

    @Test func ourSignerMatchesPythonSignaturesByteForByte() throws {
        let document = try Self.loadVectors()
        var compared = 0
        for vector in document.cases {
            guard let reference = vector.referenceSignature, let id = vector.id, let text = vector.timestamp else { continue }
            let secret = try WebhookSecret(parsing: vector.secret)
            let timestamp = try #require(Int64(text), "\(vector.name): timestamp")
            let body = try #require(Base64.decode(vector.bodyB64), "\(vector.name): body_b64")
            #expect(WebhookSigner.sign(secret: secret, id: id, timestamp: timestamp, body: body) == reference,
                    "\(vector.name)")
            compared += 1
        }
        #expect(compared >= 20, "only \(compared) reference signatures in the vectors file")
    }
}
