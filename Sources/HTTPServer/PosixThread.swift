import CSystem
import Glibc

/// Starts plain pthreads: Foundation's Thread would pull Foundation into the server.
enum PosixThread {
    private final class Start {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Starts a thread named `name` (at most 15 bytes are kept) that runs `body`.
    static func spawn(name: String, detached: Bool, _ body: @escaping @Sendable () -> Void) throws(HTTPServerError) -> pthread_t {
        let start = Unmanaged.passRetained(Start(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { argument in
            let start = Unmanaged<Start>.fromOpaque(argument!).takeRetainedValue()
            start.body()
            return nil
        }, start)
        guard result == 0 else {
            Unmanaged<Start>.fromOpaque(start).release()
            throw HTTPServerError(kind: .system, call: "pthread_create", code: result)
        }
        _ = csystem_set_thread_name(thread, String(decoding: name.utf8.prefix(15), as: UTF8.self))
        if detached { pthread_detach(thread) }
        return thread
    }

    /// Waits for a joinable thread to end.
    static func join(_ thread: pthread_t) {
        pthread_join(thread, nil)
    }
}
