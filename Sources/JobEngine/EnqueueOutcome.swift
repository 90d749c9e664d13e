/// What a trigger led to.
public enum EnqueueOutcome: Sendable, Equatable {
    /// A new run was committed (202).
    case created(RunRecord)
    /// The idempotency key was seen before: the run it created or joined (200, `deduplicated`).
    case deduplicated(RunRecord)
    /// A run of the job was already waiting (policy `queue`): that run (200, `coalesced`).
    case coalesced(RunRecord)

    /// The run the trigger refers to.
    public var run: RunRecord {
        switch self {
        case .created(let run), .deduplicated(let run), .coalesced(let run): return run
        }
    }
}
