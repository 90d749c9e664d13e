/// A CheckTick `CommandError`: the run fails and the CLI prints `CommandError: <message>` and exits 1.
public struct CommandError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The message shown after `CommandError: `; never carries SQL, SMTP or secret detail.
    public let message: String
    /// Extra detail for logs only.
    public let detail: String?

    /// Creates an error with a client-safe message and optional log detail.
    public init(_ message: String, detail: String? = nil) {
        self.message = message
        self.detail = detail
    }

    /// The client-safe message.
    public var description: String { message }

    /// The message plus detail, for logs.
    public var debugDescription: String { detail.map { "\(message): \($0)" } ?? message }
}
