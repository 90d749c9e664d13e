/// Where and how to connect to PostgreSQL: a validated libpq connection string plus connect settings.
///
/// Accepts both forms libpq understands: a URL (`postgres://` or `postgresql://user:pass@host:port/db?sslmode=require`)
/// and a keyword string (`host=db dbname=checktick sslmode=require`).
public struct PostgresConfiguration: Sendable, CustomStringConvertible {
    /// One keyword/value pair of a parsed connection string.
    struct Option: Sendable, Equatable {
        /// The libpq keyword (`host`, `dbname`, `password`, ...).
        let keyword: String
        /// The value as given.
        let value: String
        /// True for libpq's password-like fields (`password`, `sslpassword`).
        let isSecret: Bool
    }

    /// The default for `connectTimeout`.
    public static let defaultConnectTimeout: Duration = .seconds(5)
    /// The allowed `sslmode` values.
    static let sslModes: Set<String> = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]

    /// The connection string exactly as given (it may hold a password: never log it, use `redacted`).
    public let connectionString: String
    /// The name of the setting it came from, used in error messages (`DATABASE_URL`).
    public let variableName: String
    /// How long to wait for a new connection (libpq `connect_timeout`, whole seconds, at least 2);
    /// a `connect_timeout` in the connection string wins.
    public var connectTimeout: Duration = PostgresConfiguration.defaultConnectTimeout
    /// The `application_name` reported to the server unless the connection string sets one.
    public var applicationName: String = "checktick-jobs"
    /// The parsed options, in libpq's keyword order.
    let options: [Option]

    /// Parses and validates `connectionString`; errors name `variableName` and never echo a password.
    public init(connectionString: String, variableName: String = "DATABASE_URL") throws(PostgresError) {
        let trimmed = connectionString.trimmingWhitespace()
        guard !trimmed.isEmpty else {
            throw PostgresError(.invalidConfiguration, message: "\(variableName) is empty")
        }
        self.connectionString = trimmed
        self.variableName = variableName
        self.options = try Self.parse(trimmed, variableName: variableName)
        if let mode = options.last(where: { $0.keyword == "sslmode" })?.value, !Self.sslModes.contains(mode) {
            throw PostgresError(
                .invalidConfiguration,
                message:
                    "\(variableName) has an invalid sslmode (use one of disable, allow, prefer, require, verify-ca, verify-full)"
            )
        }
    }

    /// Reads and validates `variableName` (default `DATABASE_URL`) from an environment dictionary.
    public init(environment: [String: String], variableName: String = "DATABASE_URL") throws(PostgresError) {
        guard let value = environment[variableName] else {
            throw PostgresError(.invalidConfiguration, message: "\(variableName) is not set")
        }
        try self.init(connectionString: value, variableName: variableName)
    }

    private init(copying other: PostgresConfiguration, options: [Option]) {
        self.connectionString = Self.render(options, redactingSecrets: false)
        self.variableName = other.variableName
        self.connectTimeout = other.connectTimeout
        self.applicationName = other.applicationName
        self.options = options
    }

    /// The database name given in the connection string, if any.
    public var database: String? { value(of: "dbname") }

    /// The value of a libpq keyword given in the connection string (last one wins), if any.
    public func value(of keyword: String) -> String? {
        options.last(where: { $0.keyword == keyword })?.value
    }

    /// The same server and credentials, connecting to another database (used for CREATE DATABASE in tests).
    public func replacingDatabase(_ name: String) -> PostgresConfiguration {
        var replaced = options.filter { $0.keyword != "dbname" }
        replaced.append(Option(keyword: "dbname", value: name, isSecret: false))
        return PostgresConfiguration(copying: self, options: replaced)
    }

    /// The connection settings in keyword form with every password replaced by `***`; safe to log.
    public var redacted: String { Self.render(options, redactingSecrets: true) }

    /// Same as `redacted`.
    public var description: String { redacted }
}

extension String {
    /// The string without leading and trailing ASCII whitespace.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
