import Glibc

/// Runs a body on several OS threads and waits for all; for blocking work such as SMTP sends,
/// which must not occupy Swift's cooperative pool.
enum ThreadGroup {
    private final class Job {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Calls `body(i)` for i in 0..<count, i = 0 on the calling thread, the rest on new threads; returns when all end.
    static func run(count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard count > 0 else { return }
        var threads: [pthread_t] = []
        var inline: [Int] = [0]
        for index in 1..<max(count, 1) {
            let job = Unmanaged.passRetained(Job { body(index) })
            var thread = pthread_t()
            let started = pthread_create(&thread, nil, { argument in
                guard let argument else { return nil }
                Unmanaged<Job>.fromOpaque(argument).takeRetainedValue().body()
                return nil
            }, job.toOpaque())
            if started == 0 {
                threads.append(thread)
            } else {
                // No thread available: do that share of the work here instead.
                job.release()
                inline.append(index)
            }
        }
        for index in inline { body(index) }
        for thread in threads { pthread_join(thread, nil) }
    }
}
