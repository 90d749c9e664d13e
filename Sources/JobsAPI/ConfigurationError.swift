/// A bad or missing setting; the message names the variable and never contains its value.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The environment variable at fault.
    public let variable: String
    /// What is wrong with it.
    public let problem: String

    /// Creates an error for `variable`.
    public init(_ variable: String, _ problem: String) {
        self.variable = variable
        self.problem = problem
    }

    /// `JOBS_WORKERS: must be a whole number from 1 to 64`.
    public var description: String { "\(variable): \(problem)" }
}
