import FoundationEssentials
import Glibc

/// Harmless jobs for checking a trigger pipeline end to end (and for the process-level tests):
/// registered only when `JOBS_DIAGNOSTIC_JOBS=1`.
public struct DiagnosticJob: Job {
    /// What the job does.
    public enum Behaviour: Sendable {
        /// Sleeps, checking for cancellation every 10 ms, then succeeds.
        case sleep(milliseconds: Int)
        /// Fails with an error.
        case fail
    }

    /// Name, options and policies.
    public let descriptor: JobDescriptor
    /// Sleep or fail.
    public let behaviour: Behaviour

    /// `diagnostic_sleep` and `diagnostic_fail`; the sleep length comes from `JOBS_DIAGNOSTIC_SLEEP_MS`.
    public static func all(sleepMilliseconds: Int, timeout: Duration, overlap: OverlapPolicy = .queue) -> [DiagnosticJob] {
        [
            DiagnosticJob(
                descriptor: JobDescriptor(
                    name: "diagnostic_sleep", summary: "Sleeps for JOBS_DIAGNOSTIC_SLEEP_MS, then succeeds.",
                    parameters: [.dryRun, .verbose], overlap: overlap, timeout: timeout, maxAge: .seconds(3600),
                    defaultSchedule: "*/15 * * * *"),
                behaviour: .sleep(milliseconds: sleepMilliseconds)),
            DiagnosticJob(
                descriptor: JobDescriptor(
                    name: "diagnostic_fail", summary: "Always fails.", overlap: .queue, timeout: timeout,
                    maxAge: .seconds(3600), defaultSchedule: "*/15 * * * *"),
                behaviour: .fail),
        ]
    }

    /// Runs the behaviour; prints start and end lines with millisecond Unix times.
    public func run(_ context: JobContext) throws -> Int32 {
        context.print("started at \(Self.unixMilliseconds()) dry_run=\(context.parameters.bool("dry_run"))")
        switch behaviour {
        case .sleep(let milliseconds):
            let end = ContinuousClock.now + .milliseconds(milliseconds)
            while ContinuousClock.now < end {
                try context.checkCancellation()
                var pause = timespec(tv_sec: 0, tv_nsec: 10_000_000)
                nanosleep(&pause, nil)
            }
            context.summary.add("slept_ms", Int64(milliseconds))
            context.print("finished at \(Self.unixMilliseconds())")
            return 0
        case .fail:
            throw JobEngineError.invalidParameters("diagnostic failure")
        }
    }

    private static func unixMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
