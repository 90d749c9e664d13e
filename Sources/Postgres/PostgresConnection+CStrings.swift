internal import CLibpq
import Glibc

extension PostgresConnection {
    /// libpq's message without trailing newlines, lines joined by spaces.
    static func clean(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "" }
        return String(cString: message).split(whereSeparator: \.isNewline).map { $0.trimmingWhitespaceCopy() }
            .joined(separator: " ")
    }

    /// Fails when `text` contains a NUL byte, which C strings (and PostgreSQL text) cannot carry.
    static func checkNoNUL(_ text: String, what: String) throws(PostgresError) {
        if text.utf8.contains(0) {
            throw PostgresError(.encoding, message: "\(what) contains a NUL byte")
        }
    }

    /// Calls `body` with C string pointers for the parameters (nil for NULL), all in one buffer.
    static func withParameterPointers<Result>(
        _ values: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> Result
    ) throws(PostgresError) -> Result {
        if values.isEmpty { return body(nil) }
        var total = 0
        for (index, value) in values.enumerated() {
            guard let value else { continue }
            if value.utf8.contains(0) {
                throw PostgresError(.encoding, message: "parameter $\(index + 1) contains a NUL byte")
            }
            total += value.utf8.count + 1
        }
        let storage = UnsafeMutablePointer<CChar>.allocate(capacity: max(total, 1))
        defer { storage.deallocate() }
        var pointers: [UnsafePointer<CChar>?] = []
        pointers.reserveCapacity(values.count)
        var offset = 0
        for value in values {
            guard let value else {
                pointers.append(nil)
                continue
            }
            let start = storage + offset
            var length = 0
            for byte in value.utf8 {
                start[length] = CChar(bitPattern: byte)
                length += 1
            }
            start[length] = 0
            offset += length + 1
            pointers.append(UnsafePointer(start))
        }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }

    /// Calls `body` with NULL-terminated keyword and value arrays for `PQconnectdbParams`.
    static func withCStringArrays<Result>(
        _ pairs: [(String, String)],
        _ body: (UnsafePointer<UnsafePointer<CChar>?>, UnsafePointer<UnsafePointer<CChar>?>) -> Result
    ) -> Result {
        let keywords = pairs.map { strdup($0.0) }
        let values = pairs.map { strdup($0.1) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let keywordPointers = keywords.map { UnsafePointer($0) } + [nil]
        let valuePointers = values.map { UnsafePointer($0) } + [nil]
        return keywordPointers.withUnsafeBufferPointer { keywordBuffer in
            valuePointers.withUnsafeBufferPointer { valueBuffer in
                body(keywordBuffer.baseAddress!, valueBuffer.baseAddress!)
            }
        }
    }
}

extension Substring {
    /// The substring without surrounding whitespace, as a String.
    func trimmingWhitespaceCopy() -> String {
        String(self).trimmingWhitespace()
    }
}
