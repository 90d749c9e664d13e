import CCurl

/// The bytes of one message, handed to libcurl's read callback in pieces.
final class UploadSource {
    private let bytes: [UInt8]
    private var offset = 0

    /// Wraps the rendered message.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Copies up to `capacity` bytes into `buffer`; 0 means the end.
    func read(into buffer: UnsafeMutableRawPointer, capacity: Int) -> Int {
        let count = min(capacity, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}

/// libcurl read callback: userdata is an unretained `UploadSource`.
let uploadReadCallback: curl_write_callback = { buffer, size, count, userdata in
    guard let buffer, let userdata else { return 0 }
    let source = Unmanaged<UploadSource>.fromOpaque(userdata).takeUnretainedValue()
    return source.read(into: UnsafeMutableRawPointer(buffer), capacity: size * count)
}
