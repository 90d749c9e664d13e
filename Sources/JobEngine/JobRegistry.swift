/// The jobs a process knows, in a fixed order (listing order of `GET /jobs` and `checktick-jobs jobs`).
public struct JobRegistry: Sendable {
    /// Registered jobs in registration order.
    public let jobs: [any Job]
    private let index: [String: Int]

    /// Creates a registry; job names must be unique and URL-safe (`[a-z0-9_]`).
    public init(_ jobs: [any Job]) {
        var index: [String: Int] = [:]
        for (position, job) in jobs.enumerated() {
            let name = job.descriptor.name
            precondition(!name.isEmpty && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F },
                         "job names are lower-case letters, digits and underscores: \(name)")
            precondition(index[name] == nil, "job registered twice: \(name)")
            index[name] = position
        }
        self.jobs = jobs
        self.index = index
    }

    /// The job with this name.
    public func job(named name: String) -> (any Job)? {
        index[name].map { jobs[$0] }
    }

    /// All job names in order.
    public var names: [String] { jobs.map { $0.descriptor.name } }
}
