import Glibc

/// A TCP port on 127.0.0.1 that completes handshakes (kernel backlog) but never answers:
/// a server that hangs during connection setup.
final class SilentListener {
    /// The listening socket.
    private let descriptor: Int32
    /// The port the kernel chose.
    let port: UInt16

    /// Binds to an ephemeral port and listens without accepting.
    init() throws {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw TestSetupError("socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = INADDR_LOOPBACK.bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socketDescriptor, pointer, length) == 0 && listen(socketDescriptor, 8) == 0
                    && getsockname(socketDescriptor, pointer, &length) == 0
            }
        }
        guard bound else {
            Glibc.close(socketDescriptor)
            throw TestSetupError("bind/listen on 127.0.0.1 failed")
        }
        descriptor = socketDescriptor
        port = UInt16(bigEndian: address.sin_port)
    }

    deinit {
        Glibc.close(descriptor)
    }
}
