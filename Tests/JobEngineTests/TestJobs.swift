import Foundation
import JobEngine
import Synchronization

/// Test jobs: record executions, sleep, fail, hang, count.
final class Recorder: Sendable {
    struct Span: Sendable { let start: Date; let end: Date }
    private let spans = Mutex<[Span]>([])
    private let started = Mutex(0)

    func record(_ span: Span) { spans.withLock { $0.append(span) } }
    func begin() { started.withLock { $0 += 1 } }
    var all: [Span] { spans.withLock { $0 } }
    var startCount: Int { started.withLock { $0 } }

    /// Whether any two recorded spans overlap in time.
    var hasOverlap: Bool {
        let sorted = all.sorted { $0.start < $1.start }
        return zip(sorted, sorted.dropFirst()).contains { $0.end > $1.start }
    }
}

struct SleepJob: Job {
    let descriptor: JobDescriptor
    let seconds: Double
    let recorder: Recorder

    init(name: String = "sleep", seconds: Double, overlap: OverlapPolicy = .queue, recorder: Recorder = Recorder(),
         timeout: Duration = .seconds(60)) {
        descriptor = JobDescriptor(
            name: name, summary: "sleeps", parameters: [.dryRun, .verbose], overlap: overlap, timeout: timeout,
            defaultSchedule: "0 0 * * *")
        self.seconds = seconds
        self.recorder = recorder
    }

    func run(_ context: JobContext) throws -> Int32 {
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

struct FailJob: Job {
    let descriptor = JobDescriptor(name: "fail", summary: "fails", defaultSchedule: "0 0 * * *")
    func run(_ context: JobContext) throws -> Int32 {
        context.print("about to fail")
        throw JobEngineError.invalidParameters("deliberate failure")
    }
}

struct ExitCodeJob: Job {
    let descriptor = JobDescriptor(name: "exit_code", summary: "exits 3", defaultSchedule: "0 0 * * *")
    func run(_ context: JobContext) throws -> Int32 { 3 }
}

/// Ignores cancellation entirely (a hung job).
struct HangJob: Job {
    let descriptor: JobDescriptor
    let seconds: Double
    init(timeout: Duration, seconds: Double) {
        descriptor = JobDescriptor(name: "hang", summary: "hangs", timeout: timeout, defaultSchedule: "0 0 * * *")
        self.seconds = seconds
    }
    func run(_ context: JobContext) throws -> Int32 {
        Thread.sleep(forTimeInterval: seconds)
        return 0
    }
}
