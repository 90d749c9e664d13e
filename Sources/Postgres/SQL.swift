/// A SQL statement whose interpolated values travel as `$n` bind parameters, never spliced into the text.
///
/// ```swift
/// let rows = try conn.query("SELECT id FROM runs WHERE job = \(name) AND status = ANY(\(statuses))")
/// ```
/// Raw text needs the loud `SQL(unsafeSQL:)` or `\(unsafeSQL:)`.
public struct SQL: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// One piece of a statement.
    enum Part: Sendable {
        /// SQL text written by the programmer.
        case text(String)
        /// A value in PostgreSQL text input format; nil is NULL.
        case bind(String?)
    }

    /// The pieces, in order.
    var parts: [Part]

    /// Raw SQL text, used verbatim: never pass data from outside the program here.
    public init(unsafeSQL: String) {
        parts = [.text(unsafeSQL)]
    }

    /// A statement literal without interpolations.
    public init(stringLiteral value: String) {
        parts = [.text(value)]
    }

    /// A statement built by string interpolation.
    public init(stringInterpolation: StringInterpolation) {
        parts = stringInterpolation.parts
    }

    /// The statement text with `$1`, `$2`, ... placeholders, as sent to the server.
    public var text: String { render().text }

    /// How many bind parameters the statement carries.
    public var parameterCount: Int {
        parts.reduce(0) { count, part in
            if case .bind = part { return count + 1 }
            return count
        }
    }

    /// The statement text (placeholders, not values): safe to log.
    public var description: String { text }

    /// The text with numbered placeholders and the bind values in order.
    func render() -> (text: String, binds: [String?]) {
        var text = ""
        var binds: [String?] = []
        for part in parts {
            switch part {
            case .text(let piece):
                text += piece
            case .bind(let value):
                binds.append(value)
                text += "$\(binds.count)"
            }
        }
        return (text, binds)
    }

    /// Two statements joined; placeholders are renumbered when sent.
    public static func + (lhs: SQL, rhs: SQL) -> SQL {
        var joined = lhs
        joined.parts += rhs.parts
        return joined
    }
}
