import Synchronization

/// A run executing in this process: what the maintenance loop needs to heartbeat, time out or cancel it.
final class ActiveRun: Sendable {
    let run: RunRecord
    let token: CancellationToken
    let deadline: ContinuousClock.Instant
    let started: ContinuousClock.Instant
    /// Set when the maintenance loop stored a final state because the job ignored its timeout.
    let forceFinished = Mutex(false)

    init(run: RunRecord, token: CancellationToken, deadline: ContinuousClock.Instant, started: ContinuousClock.Instant) {
        self.run = run
        self.token = token
        self.deadline = deadline
        self.started = started
    }
}
