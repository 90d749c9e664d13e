import HTTPServer
import Signing

/// The gate in front of every protected route (DESIGN §4): Standard Webhooks signatures, presigned
/// URLs and the read token. Never logs or returns a secret, a signature or an expected value.
public struct Authenticator: Sendable {
    /// How a trigger was authorised.
    public enum Grant: Sendable, Equatable {
        /// A verified Standard Webhooks request; `id` is the idempotency key.
        case webhook(id: String, kid: String)
        /// A verified presigned URL.
        case presigned(kid: String, expires: Int64)
    }

    /// Why a request was refused: the error code for the body and a distinct reason for metrics.
    public struct Rejection: Error, Sendable, Equatable {
        /// Client-visible code (`invalid_signature`, …).
        public let code: String
        /// Metrics label (may be finer than the code).
        public let reason: String
    }

    /// Signature verification with the configured keys.
    public let verifier: WebhookVerifier
    /// `JOBS_READ_TOKEN` bytes; empty means "no read token configured".
    public let readToken: [UInt8]
    /// Unix time source.
    public let now: @Sendable () -> Int64

    /// Creates the gate.
    public init(verifier: WebhookVerifier, readToken: String?, now: @escaping @Sendable () -> Int64) {
        self.verifier = verifier
        self.readToken = Array((readToken ?? "").utf8)
        self.now = now
    }

    /// An equal authenticator that shares no storage with this one (keys, token, clock closure), for one
    /// event loop: threads that each use their own copy never write to the same reference counts.
    public func independentCopy() -> Authenticator {
        let clock = now
        return Authenticator(
            verifier: WebhookVerifier(
                keyring: verifier.keyring.independentCopy(), toleranceSeconds: verifier.toleranceSeconds,
                limits: verifier.limits),
            readToken: String(decoding: readToken, as: UTF8.self), now: { clock() })
    }

    /// Whether a read token is configured (else `/metrics` is open).
    public var hasReadToken: Bool { !readToken.isEmpty }

    /// Authorises a write (`POST /jobs/{job}`, `POST /runs/{id}/cancel`) for `job`.
    /// A presigned URL is accepted only when `allowPresigned` (triggers, not cancels).
    public func authorizeWrite(_ request: HTTPRequest, job: String?, allowPresigned: Bool) -> Result<Grant, Rejection> {
        if allowPresigned, !request.query.isEmpty, let job {
            let path = request.path
            switch PresignedURL.verify(method: request.method, path: path, query: request.query,
                                       keyring: verifier.keyring, now: now()) {
            case .success(let grant) where grant.job == job:
                return .success(.presigned(kid: grant.kid, expires: grant.expires))
            case .success:
                return .failure(Rejection(code: "invalid_signature", reason: "invalid_signature"))
            case .failure(.missing):
                break
            case .failure(let failure):
                return .failure(Rejection(code: failure.code, reason: failure.reason))
            }
        }
        let result = verifier.verify(
            id: request.headers["webhook-id"], timestamp: request.headers["webhook-timestamp"],
            signatureHeader: request.headers["webhook-signature"], body: request.body, job: job, now: now())
        switch result {
        case .success(let verified):
            return .success(.webhook(id: verified.id, kid: verified.kid))
        case .failure(let failure):
            return .failure(Rejection(code: failure.code, reason: failure.code))
        }
    }

    /// Authorises a read: the bearer token, or a valid signature over an empty body.
    public func authorizeRead(_ request: HTTPRequest) -> Result<Void, Rejection> {
        if let header = request.headers["authorization"] {
            if hasReadToken && ReadToken.verify(authorizationHeader: header, token: readToken) {
                return .success(())
            }
            return .failure(Rejection(code: "invalid_token", reason: "invalid_token"))
        }
        let result = verifier.verify(
            id: request.headers["webhook-id"], timestamp: request.headers["webhook-timestamp"],
            signatureHeader: request.headers["webhook-signature"], body: [], job: nil, now: now())
        switch result {
        case .success: return .success(())
        case .failure(let failure): return .failure(Rejection(code: failure.code, reason: failure.code))
        }
    }
}
