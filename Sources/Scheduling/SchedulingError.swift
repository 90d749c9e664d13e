/// The one error type of the Scheduling module: bad cron expressions and bad scheduling configuration.
///
/// Both texts are configuration messages for the operator (one line at start-up); they never carry a
/// ping URL, which may embed a monitoring token.
public enum SchedulingError: Error, Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// A cron expression is invalid, e.g. `minute: 61 is out of range 0-59`.
    case invalidExpression(String)
    /// An environment variable is invalid; `description` reads `<VARIABLE>: <message>`.
    case invalidSetting(variable: String, message: String)

    /// One line naming the field or the variable.
    public var description: String {
        switch self {
        case .invalidExpression(let message): message
        case .invalidSetting(let variable, let message): "\(variable): \(message)"
        }
    }

    /// Same as `description`: there is no hidden detail to add.
    public var debugDescription: String { description }
}
