import Fetch

/// Why one e-mail was not delivered, as printed in a job's `✗` / `⚠` lines (client-safe text).
struct SendFailure: Error, Sendable, Equatable {
    /// The printed reason.
    let message: String

    /// Mail is not configured at all.
    static let unconfigured = SendFailure(message: "EMAIL_HOST is not set")

    /// Maps a transport error; the stand-in transport's error becomes `.unconfigured`.
    init(_ error: MailError) {
        self = error == UnconfiguredMailTransport.error ? .unconfigured : SendFailure(message: error.description)
    }

    /// A failure with a fixed message.
    init(message: String) {
        self.message = message
    }
}
