import Glibc

/// The one error type of the HTTPServer module; `description` is safe to show a client,
/// `debugDescription` carries the system call and OS error text.
public struct HTTPServerError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong, broadly.
    public enum Kind: Sendable, Equatable {
        /// The configured host is not a numeric IPv4/IPv6 address (or `localhost`).
        case invalidAddress
        /// Another socket already listens on the configured address.
        case addressInUse
        /// `start()` was called on a server that was already started.
        case alreadyStarted
        /// A system call failed.
        case system
    }

    /// What went wrong, broadly.
    public let kind: Kind
    /// The system call that failed (empty when none did).
    public let call: StaticString
    /// The `errno` value (0 when no system call failed).
    public let code: Int32
    /// Extra detail for operators (for example the address that could not be parsed).
    public let detail: String

    /// An error of `kind`, naming the failed call and errno when there is one.
    init(kind: Kind, call: StaticString = "", code: Int32 = 0, detail: String = "") {
        self.kind = kind
        self.call = call
        self.code = code
        self.detail = detail
    }

    /// A short text that names the problem without OS detail.
    public var description: String {
        switch kind {
        case .invalidAddress: "invalid listen address"
        case .addressInUse: "listen address already in use"
        case .alreadyStarted: "server already started"
        case .system: "system call failed"
        }
    }

    /// The full text: the failing call, the OS error and any detail.
    public var debugDescription: String {
        var text = description
        if code != 0 {
            text += " (\(call): \(String(cString: strerror(code))))"
        }
        if !detail.isEmpty {
            text += " [\(detail)]"
        }
        return text
    }
}
