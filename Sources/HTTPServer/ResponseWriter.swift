/// Serializes a response head and body in one buffer, so it goes out in one `send`.
enum ResponseWriter {
    /// Appends the response to `output`; returns the body bytes written (0 for HEAD, 1xx, 204, 304).
    static func write(
        _ response: HTTPResponse, context: ResponseContext, close: Bool, dateLine: [UInt8], serverLine: [UInt8],
        into output: inout [UInt8]
    ) -> Int {
        let status = response.status
        let mayHaveBody = status >= 200 && status != 204 && status != 304
        output.reserveCapacity(output.count + 192 + response.body.count)
        HTTPStatus.appendStatusLine(for: status, to: &output)
        output.append(contentsOf: serverLine)
        output.append(contentsOf: dateLine)
        append("X-Request-Id: ", to: &output)
        append(context.requestID, to: &output)
        append("\r\n", to: &output)
        if mayHaveBody {
            append("Content-Length: ", to: &output)
            appendDecimal(response.body.count, to: &output)
            append("\r\n", to: &output)
        }
        if close {
            append("Connection: close\r\n", to: &output)
        } else if context.version == .http1_0 {
            append("Connection: keep-alive\r\n", to: &output)
        }
        for field in response.headers where isSendable(field) {
            append(field.name, to: &output)
            append(": ", to: &output)
            append(field.value, to: &output)
            append("\r\n", to: &output)
        }
        append("\r\n", to: &output)
        guard mayHaveBody && !context.isHead else { return 0 }
        output.append(contentsOf: response.body)
        return response.body.count
    }

    // A literal's bytes, straight from the binary.
    @inline(__always)
    private static func append(_ literal: StaticString, to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    // A string's UTF-8 bytes, read in place when it is contiguous (native and small strings are).
    @inline(__always)
    private static func append(_ text: String, to output: inout [UInt8]) {
        if text.utf8.withContiguousStorageIfAvailable({ output.append(contentsOf: $0) }) == nil {
            output.append(contentsOf: text.utf8)
        }
    }

    // A non-negative count in decimal, without making a String.
    private static func appendDecimal(_ value: Int, to output: inout [UInt8]) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: more than Int.max has digits
        withUnsafeMutableBytes(of: &digits) { buffer in
            var remaining = max(0, value)
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            } while remaining > 0
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start...]))
        }
    }

    // Drops fields the server owns, and any field that could split the response (CR, LF, NUL).
    private static func isSendable(_ field: HTTPHeaders.Element) -> Bool {
        let name = field.name.utf8
        let valid = name.withContiguousStorageIfAvailable { bytes in !bytes.isEmpty && bytes.allSatisfy(ASCII.isToken) }
            ?? (!name.isEmpty && name.allSatisfy(ASCII.isToken))
        let safe = field.value.utf8.withContiguousStorageIfAvailable { bytes in !bytes.contains(where: ASCII.isForbiddenInValue) }
            ?? !field.value.utf8.contains(where: ASCII.isForbiddenInValue)
        guard valid, safe else { return false }
        switch name.count {
        case 4: return !ASCII.caseInsensitiveEquals(name, "date".utf8)
        case 6: return !ASCII.caseInsensitiveEquals(name, "server".utf8)
        case 10: return !ASCII.caseInsensitiveEquals(name, "connection".utf8)
        case 12: return !ASCII.caseInsensitiveEquals(name, "x-request-id".utf8)
        case 14: return !ASCII.caseInsensitiveEquals(name, "content-length".utf8)
        case 17: return !ASCII.caseInsensitiveEquals(name, "transfer-encoding".utf8)
        default: return true
        }
    }
}
