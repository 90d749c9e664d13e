/// One option a job accepts, both as a JSON trigger parameter and as a CLI flag.
public struct JobParameter: Sendable, Equatable {
    /// The value type of a parameter.
    public enum Kind: String, Sendable, Equatable {
        case bool
        case string
    }

    /// JSON key, e.g. `dry_run`.
    public let name: String
    /// Value type.
    public let kind: Kind
    /// One-line help shown by the CLI and `GET /jobs`.
    public let help: String

    /// Creates a parameter description.
    public init(_ name: String, _ kind: Kind, help: String) {
        self.name = name
        self.kind = kind
        self.help = help
    }

    /// The CLI spelling: `dry_run` → `--dry-run`.
    public var flag: String { "--" + name.replacingUnderscores() }

    /// `--dry-run`: compute and report, write nothing.
    public static let dryRun = JobParameter("dry_run", .bool, help: "Report what would be done; change nothing.")
    /// `--verbose`: per-item output lines.
    public static let verbose = JobParameter("verbose", .bool, help: "Print a line for each item processed.")
    /// `--force`: ignore the job's freshness checks.
    public static let force = JobParameter("force", .bool, help: "Run even if the data was refreshed recently.")
    /// `--dataset KEY`: restrict a sync to one dataset.
    public static let dataset = JobParameter("dataset", .string, help: "Only this dataset key.")
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(self.map { $0 == "_" ? "-" : $0 })
    }
}
