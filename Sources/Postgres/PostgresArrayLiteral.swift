/// Splits PostgreSQL's one-dimensional array text output into unescaped elements.
enum PostgresArrayLiteral {
    private static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), comma = UInt8(ascii: ",")

    /// Calls `body` with each element (nil for an unquoted NULL); stops and returns false when
    /// `body` does, or when the text is malformed or multi-dimensional.
    static func forEachElement(
        in bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>?) -> Bool
    ) -> Bool {
        var index = 0
        if bytes.first == UInt8(ascii: "[") {
            // Non-default lower bounds print as "[0:2]={...}".
            guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else { return false }
            index = equals + 1
        }
        guard index < bytes.count, bytes[index] == openBrace, bytes.last == closeBrace else { return false }
        index += 1
        let end = bytes.count - 1
        if index == end { return true }
        var scratch: [UInt8] = []
        while index <= end {
            scratch.removeAll(keepingCapacity: true)
            var quoted = false
            if index < end, bytes[index] == quote {
                quoted = true
                index += 1
                while true {
                    guard index < end else { return false }
                    let byte = bytes[index]
                    if byte == quote { index += 1; break }
                    if byte == backslash {
                        index += 1
                        guard index < end else { return false }
                    }
                    scratch.append(bytes[index])
                    index += 1
                }
            } else {
                while index < end, bytes[index] != comma {
                    let byte = bytes[index]
                    if byte == openBrace || byte == quote { return false }
                    if byte == backslash {
                        index += 1
                        guard index < end else { return false }
                    }
                    scratch.append(bytes[index])
                    index += 1
                }
            }
            let isNull =
                !quoted && scratch.count == 4 && String(decoding: scratch, as: UTF8.self).uppercased() == "NULL"
            let keepGoing = isNull ? body(nil) : scratch.withUnsafeBufferPointer { body($0) }
            guard keepGoing else { return false }
            if index == end { return true }
            guard bytes[index] == comma else { return false }
            index += 1
            // A trailing comma ("{a,}") is malformed.
            if index == end { return false }
        }
        return true
    }
}
