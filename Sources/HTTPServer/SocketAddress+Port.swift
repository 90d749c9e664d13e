import CSystem
import Glibc

extension SocketAddress {
    /// `address` with its port replaced.
    static func withPort(_ address: (storage: sockaddr_storage, length: socklen_t), _ port: Int) -> (storage: sockaddr_storage, length: socklen_t) {
        var storage = address.storage
        let family = Int32(storage.ss_family)
        withUnsafeMutablePointer(to: &storage) { pointer in
            if family == AF_INET6 {
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_port = UInt16(port).bigEndian }
            } else {
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_port = UInt16(port).bigEndian }
            }
        }
        return (storage, address.length)
    }
}
