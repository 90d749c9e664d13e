import Foundation
import JobEngine
import Synchronization

/// Test jobs: record executions, sleep, fail, hang, count.
/// Records when runs of a test job start and end.
public final class Recorder: Sendable {
    /// An empty recorder.
    public init() {}
    /// One execution.
    public struct Span: Sendable {
        /// Start time.
        public let start: Date
        /// End time.
        public let end: Date
    }
    private let spans = Mutex<[Span]>([])
    private let started = Mutex(0)

    /// Adds an execution.
    public func record(_ span: Span) { spans.withLock { $0.append(span) } }
    /// Counts a start.
    public func begin() { started.withLock { $0 += 1 } }
    /// All executions.
    public var all: [Span] { spans.withLock { $0 } }
    /// Starts so far.
    public var startCount: Int { started.withLock { $0 } }

    /// Whether any two recorded spans overlap in time.
    public var hasOverlap: Bool {
        let sorted = all.sorted { $0.start < $1.start }
        return zip(sorted, sorted.dropFirst()).contains { $0.end > $1.start }
    }
}

/// Test job.
public struct SleepJob: Job {
    public let descriptor: JobDescriptor
    let seconds: Double
    let recorder: Recorder

    public init(name: String = "sleep", seconds: Double, overlap: OverlapPolicy = .queue, recorder: Recorder = Recorder(),
         timeout: Duration = .seconds(60)) {
        descriptor = JobDescriptor(
            name: name, summary: "sleeps", parameters: [.dryRun, .verbose], overlap: overlap, timeout: timeout,
            defaultSchedule: "0 0 * * *")
        self.seconds = seconds
        self.recorder = recorder
    }

    public func run(_ context: JobContext) throws -> Int32 {
        recorder.begin()
        let start = Date()
        context.print("sleeping \(seconds)s dry_run=\(context.parameters.bool("dry_run"))")
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            try context.checkCancellation()
            Thread.sleep(forTimeInterval: 0.01)
        }
        context.summary.add("naps")
        recorder.record(.init(start: start, end: Date()))
        return 0
    }
}

/// Test job.
public struct FailJob: Job {
    public let descriptor = JobDescriptor(name: "fail", summary: "fails", defaultSchedule: "0 0 * * *")
    /// Creates the job.
    public init() {}
    public func run(_ context: JobContext) throws -> Int32 {
        context.print("about to fail")
        throw JobEngineError.invalidParameters("deliberate failure")
    }
}

/// Test job.
public struct ExitCodeJob: Job {
    public let descriptor = JobDescriptor(name: "exit_code", summary: "exits 3", defaultSchedule: "0 0 * * *")
    /// Creates the job.
    public init() {}
    public func run(_ context: JobContext) throws -> Int32 { 3 }
}

/// Ignores cancellation entirely (a hung job).
/// Test job.
public struct HangJob: Job {
    public let descriptor: JobDescriptor
    let seconds: Double
    public init(timeout: Duration, seconds: Double) {
        descriptor = JobDescriptor(name: "hang", summary: "hangs", timeout: timeout, defaultSchedule: "0 0 * * *")
        self.seconds = seconds
    }
    public func run(_ context: JobContext) throws -> Int32 {
        Thread.sleep(forTimeInterval: seconds)
        return 0
    }
}
