import CSystem
import Glibc

/// One non-blocking listening socket; closed once, by `close()` or at deinit.
///
/// Each event loop gets its own listener on the same port with `SO_REUSEPORT`: the kernel spreads
/// new connections evenly over the loops, no two loops race on one accept queue, and each loop
/// closes its own socket at shutdown without another thread still polling that descriptor.
final class ListeningSocket {
    private(set) var fd: Int32

    private init(fd: Int32) {
        self.fd = fd
    }

    deinit {
        close()
    }

    /// Closes the socket (idempotent); closing also removes it from every epoll set.
    func close() {
        guard fd >= 0 else { return }
        Syscall.close(fd)
        fd = -1
    }

    /// Opens `count` listeners sharing one port; returns them and the port (useful for port 0).
    static func openGroup(host: String, port: Int, count: Int, backlog: Int32) throws(HTTPServerError) -> (sockets: [ListeningSocket], port: Int) {
        let address = try SocketAddress.resolve(host: host, port: port)
        if port != 0 {
            // SO_REUSEPORT would let us join a group another process of this user already listens
            // on; a plain bind first turns that case into "address in use" as an operator expects.
            try probe(address)
        }
        var sockets: [ListeningSocket] = []
        var actualPort = port
        for _ in 0..<max(1, count) {
            let listener = try makeListener(SocketAddress.withPort(address, actualPort), backlog: backlog)
            if actualPort == 0 { actualPort = try SocketAddress.boundPort(of: listener.fd) }
            sockets.append(listener)
        }
        return (sockets, actualPort)
    }

    private static func makeListener(_ address: (storage: sockaddr_storage, length: socklen_t), backlog: Int32) throws(HTTPServerError) -> ListeningSocket {
        let family = Int32(address.storage.ss_family)
        let fd = try Syscall.run("socket") {
            socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        let listener = ListeningSocket(fd: fd)
        try setOption(fd, SO_REUSEADDR)
        try setOption(fd, SO_REUSEPORT)
        try bind(fd, address)
        _ = try Syscall.run("listen") { listen(fd, backlog) }
        return listener
    }

    private static func probe(_ address: (storage: sockaddr_storage, length: socklen_t)) throws(HTTPServerError) {
        let fd = try Syscall.run("socket") {
            socket(Int32(address.storage.ss_family), Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        defer { Syscall.close(fd) }
        try setOption(fd, SO_REUSEADDR)
        try bind(fd, address)
    }

    private static func bind(_ fd: Int32, _ address: (storage: sockaddr_storage, length: socklen_t)) throws(HTTPServerError) {
        var storage = address.storage
        do {
            _ = try withUnsafePointer(to: &storage) { pointer throws(HTTPServerError) in
                try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress throws(HTTPServerError) in
                    try Syscall.run("bind") { Glibc.bind(fd, socketAddress, address.length) }
                }
            }
        } catch where error.code == EADDRINUSE {
            throw HTTPServerError(kind: .addressInUse, call: "bind", code: EADDRINUSE, detail: SocketAddress.describe(address.storage))
        }
    }

    private static func setOption(_ fd: Int32, _ option: Int32) throws(HTTPServerError) {
        var one: Int32 = 1
        _ = try Syscall.run("setsockopt") {
            setsockopt(fd, SOL_SOCKET, option, &one, socklen_t(MemoryLayout<Int32>.size))
        }
    }
}
