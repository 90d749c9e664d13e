import Threads

/// A fixed set of threads running `.blocking` handlers from a bounded FIFO queue.
final class HandlerPool: @unchecked Sendable {
    /// One unit of work: run a handler and post its response.
    typealias Job = @Sendable () -> Void

    private let lock = ConditionLock()
    private let threadCount: Int
    private let capacity: Int
    // Guarded by `lock`: a FIFO as an array with a moving head.
    private var jobs: [Job?] = []
    private var head = 0
    private var stopping = false
    private var liveThreads = 0

    /// A pool of `threadCount` threads and a queue of `capacity` jobs (threads start in `start()`).
    init(threadCount: Int, capacity: Int) {
        self.threadCount = max(1, threadCount)
        self.capacity = max(1, capacity)
    }

    /// Starts the threads.
    func start() throws(HTTPServerError) {
        for index in 0..<threadCount {
            lock.withLock { liveThreads += 1 }
            do {
                _ = try PosixThread.spawn(name: "http-handler-\(index)", detached: true) { [self] in work() }
            } catch {
                lock.withLock { liveThreads -= 1 }
                throw error
            }
        }
    }

    /// Queues `job`; false when `capacity` jobs are already queued or the pool is stopping.
    func submit(_ job: @escaping Job) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !stopping, jobs.count - head < capacity else { return false }
        jobs.append(job)
        lock.signal()
        return true
    }

    /// Lets the threads finish every queued job, then waits for them until `deadline`
    /// (monotonic nanoseconds); a handler that never returns is left behind, not waited for.
    func shutdown(deadline: UInt64) {
        lock.lock()
        defer { lock.unlock() }
        stopping = true
        lock.broadcast()
        while liveThreads > 0 && MonotonicClock.nanoseconds() < deadline {
            lock.wait(untilNanoseconds: deadline)
        }
    }

    private func work() {
        lock.lock()
        while true {
            while head == jobs.count && !stopping {
                lock.wait()
            }
            if head == jobs.count {
                liveThreads -= 1
                lock.broadcast()
                lock.unlock()
                return
            }
            let job = jobs[head]!
            jobs[head] = nil
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            } else if head > 1024 && head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            lock.unlock()
            job()
            lock.lock()
        }
    }
}
