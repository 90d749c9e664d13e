internal import CLibpq

extension PostgresConfiguration {
    /// Parses a connection string with libpq's own parser (`PQconninfoParse`).
    static func parse(_ text: String, variableName: String) throws(PostgresError) -> [Option] {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(text, &errorMessage) else {
            var reason = "out of memory"
            if let errorMessage {
                reason = scrubQuoted(String(cString: errorMessage))
                PQfreemem(errorMessage)
            }
            throw PostgresError(
                .invalidConfiguration,
                message: "\(variableName) is not a valid PostgreSQL connection string (\(reason))")
        }
        defer { PQconninfoFree(parsed) }
        var result: [Option] = []
        var cursor = parsed
        while let keyword = cursor.pointee.keyword {
            if let value = cursor.pointee.val {
                let display = cursor.pointee.dispchar.map { String(cString: $0) } ?? ""
                result.append(
                    Option(keyword: String(cString: keyword), value: String(cString: value), isSecret: display == "*"))
            }
            cursor += 1
        }
        return result
    }

    /// libpq quotes parts of the input in its messages (a URI, a token, a keyword); any of them
    /// could hold a password, so every quoted span is replaced by an ellipsis.
    static func scrubQuoted(_ message: String) -> String {
        var out = ""
        var inQuote = false
        for character in message where character != "\n" {
            if character == "\"" {
                out += inQuote ? "…\"" : "\""
                inQuote.toggle()
            } else if !inQuote {
                out.append(character)
            }
        }
        if inQuote { out += "…\"" }
        return out.trimmingWhitespace()
    }

    /// Renders options as a libpq keyword string, values quoted when needed.
    static func render(_ options: [Option], redactingSecrets: Bool) -> String {
        options.map { option in
            if redactingSecrets && option.isSecret { return "\(option.keyword)=***" }
            return "\(option.keyword)=\(quote(option.value))"
        }.joined(separator: " ")
    }

    /// Quotes a keyword-string value when it is empty or holds spaces, quotes or backslashes.
    static func quote(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "'" || $0 == "\\" || $0.isWhitespace }
        guard needsQuotes else { return value }
        var out = "'"
        for character in value {
            if character == "'" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out + "'"
    }

    /// The libpq keyword/value pairs for `PQconnectdbParams`: defaults first (the connection
    /// string may override them), the connection string itself, then settings this module relies on.
    func connectParameters() -> [(String, String)] {
        let (seconds, attoseconds) = connectTimeout.components
        let wholeSeconds = max(2, seconds + (attoseconds > 0 ? 1 : 0))
        return [
            ("connect_timeout", String(wholeSeconds)),
            // Detect a vanished server within about 90 s instead of the OS default of 2 h.
            ("keepalives_idle", "60"),
            ("keepalives_interval", "10"),
            ("keepalives_count", "3"),
            ("fallback_application_name", applicationName),
            ("dbname", connectionString),
            // Text results are decoded as UTF-8.
            ("client_encoding", "UTF8"),
        ]
    }
}
