/// The configured signing secrets (rotation list), parsed from `JOBS_WEBHOOK_SECRETS`.
public struct WebhookKeyring: Sendable, Equatable {
    /// The environment variable the keyring is normally read from.
    public static let variableName = "JOBS_WEBHOOK_SECRETS"

    /// Secrets in configuration order; never empty.
    public let secrets: [WebhookSecret]

    /// Creates a keyring from already parsed secrets; an empty list is an error.
    public init(secrets: [WebhookSecret], variable: String = WebhookKeyring.variableName) throws(SigningError) {
        guard !secrets.isEmpty else { throw .emptyKeyring(variable: variable) }
        self.secrets = secrets
    }

    /// Parses entries separated by whitespace (spaces, tabs, newlines), e.g.
    /// `"whsec_A whsec_B@cleanup_survey_progress"`; errors name `variable`, never a secret.
    public init(parsing value: String, variable: String = WebhookKeyring.variableName) throws(SigningError) {
        let entries = value.split(whereSeparator: \.isWhitespace)
        var secrets: [WebhookSecret] = []
        for (offset, entry) in entries.enumerated() {
            secrets.append(try WebhookSecret(parsing: entry, variable: variable, entry: offset + 1))
        }
        try self.init(secrets: secrets, variable: variable)
    }

    /// An equal keyring that shares no storage with this one (see `WebhookSecret.independentCopy()`).
    public func independentCopy() -> WebhookKeyring {
        // `secrets` is never empty, so this cannot throw.
        try! WebhookKeyring(secrets: secrets.map { $0.independentCopy() })
    }

    /// Secrets whose key id is `kid` (usually one; several if the same key is listed twice).
    public func secrets(withKid kid: String) -> [WebhookSecret] {
        secrets.filter { $0.kid == kid }
    }

    /// The first secret in configuration order that may sign for `job` (for the CLI's `sign`).
    public func signingSecret(for job: String?) -> WebhookSecret? {
        secrets.first { $0.allows(job: job) }
    }
}

extension WebhookKeyring: CustomStringConvertible {
    /// The key ids and restrictions; no key material.
    public var description: String {
        "WebhookKeyring(" + secrets.map(\.description).joined(separator: ", ") + ")"
    }
}
