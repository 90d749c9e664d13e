extension SQL {
    /// Collects literal text and bind values while a `SQL` literal is interpolated.
    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        /// The pieces so far.
        var parts: [Part] = []

        /// Reserves room for the pieces.
        public init(literalCapacity: Int, interpolationCount: Int) {
            parts.reserveCapacity(interpolationCount * 2 + 1)
        }

        /// Appends literal SQL text.
        public mutating func appendLiteral(_ literal: String) {
            parts.append(.text(literal))
        }

        /// Appends a value as a bind parameter (`$n`); an Optional that is nil binds NULL.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value) {
            parts.append(.bind(value.postgresText))
        }

        /// Appends an optional value as a bind parameter; nil binds NULL.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            parts.append(.bind(value?.postgresText ?? nil))
        }

        /// Appends a quoted identifier (`"name"`, inner quotes doubled), e.g. a schema name.
        public mutating func appendInterpolation(identifier: String) {
            parts.append(.text(SQL.quoteIdentifier(identifier)))
        }

        /// Appends another statement fragment, keeping its values as binds.
        public mutating func appendInterpolation(fragment: SQL) {
            parts += fragment.parts
        }

        /// Appends raw SQL text verbatim: never pass data from outside the program here.
        public mutating func appendInterpolation(unsafeSQL: String) {
            parts.append(.text(unsafeSQL))
        }
    }

    /// Quotes an identifier for SQL text: wrapped in double quotes, inner double quotes doubled.
    public static func quoteIdentifier(_ name: String) -> String {
        var out = "\""
        for character in name {
            if character == "\"" { out += "\"\"" } else { out.append(character) }
        }
        return out + "\""
    }
}
