import Glibc
import Synchronization

/// A small number for the calling thread, the same on every call from that thread: threads are numbered
/// in the order they first ask, so the first `count` threads that ask (the event loops, which answer
/// every request) each get a stripe of their own. Later threads share stripes.
enum ThreadStripe {
    /// Stripes available.
    static let count = 8

    /// The calling thread's stripe, `0..<count`.
    static var current: Int {
        if let stored = pthread_getspecific(key) { return (Int(bitPattern: stored) - 1) % count }
        let assigned = next.add(1, ordering: .relaxed).newValue
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: assigned))
        return (assigned - 1) % count
    }

    // The thread's number plus one (a null value means "not numbered yet"); no destructor: it is not memory.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "pthread_key_create failed")
        return key
    }()
    private static let next = Atomic<Int>(0)
}
