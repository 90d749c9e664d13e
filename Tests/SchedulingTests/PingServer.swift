import Foundation
import Glibc
import Synchronization

/// A tiny loopback HTTP/1.1 server on a free port that records each request's target
/// (`/path?query`) and answers with a status chosen per path, optionally after a delay.
final class PingServer: Sendable {
    /// How to answer a request path.
    struct Reply: Sendable {
        var status = 200
        var delay = 0.0
    }

    let port: UInt16
    private let listener: Int32
    private let received = Mutex<[String]>([])
    private let closed = Mutex(false)
    private let reply: @Sendable (String) -> Reply

    init(reply: @escaping @Sendable (String) -> Reply = { _ in Reply() }) throws {
        self.reply = reply
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw MissingPrerequisite("socket failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = INADDR_LOOPBACK.bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            Glibc.close(fd)
            throw MissingPrerequisite("bind/listen failed: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    deinit { close() }

    /// Base URL for a path prefix.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Request targets received so far, in arrival order.
    var requests: [String] { received.withLock { $0 } }

    /// Stops accepting.
    func close() {
        let first = closed.withLock { wasClosed -> Bool in
            defer { wasClosed = true }
            return !wasClosed
        }
        if first {
            shutdown(listener, Int32(SHUT_RDWR))
            Glibc.close(listener)
        }
    }

    private func acceptLoop() {
        while !closed.withLock({ $0 }) {
            var descriptor = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            Thread.detachNewThread { [self] in serve(client) }
        }
    }

    private func serve(_ client: Int32) {
        defer { Glibc.close(client) }
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !buffer.contains(sequence: Array("\r\n\r\n".utf8)) {
            let count = recv(client, &chunk, chunk.count, 0)
            guard count > 0 else { return }
            buffer.append(contentsOf: chunk[0..<count])
        }
        let requestLine = String(decoding: buffer.prefix { $0 != 0x0D }, as: UTF8.self)
        let parts = requestLine.split(separator: " ")
        guard parts.count == 3 else { return }
        let target = String(parts[1])
        received.withLock { $0.append("\(parts[0]) \(target)") }
        let answer = reply(String(target.prefix { $0 != "?" }))
        if answer.delay > 0 { Thread.sleep(forTimeInterval: answer.delay) }
        let response = "HTTP/1.1 \(answer.status) X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK"
        _ = response.utf8CString.withUnsafeBufferPointer { send(client, $0.baseAddress, $0.count - 1, Int32(MSG_NOSIGNAL)) }
    }
}

extension Array where Element == UInt8 {
    /// Whether `sequence` occurs as a contiguous run.
    func contains(sequence: [UInt8]) -> Bool {
        guard count >= sequence.count else { return false }
        return (0...(count - sequence.count)).contains { Array(self[$0..<($0 + sequence.count)]) == sequence }
    }
}
