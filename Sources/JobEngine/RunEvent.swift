/// A life-cycle event of a run executed by this replica, for observers such as completion pings.
public enum RunEvent: Sendable {
    /// The run was claimed and its job is starting.
    case started(RunRecord)
    /// The run reached a final state here (`queued` means it was handed back to the queue at shutdown).
    case finished(RunRecord, RunStatus)
}
