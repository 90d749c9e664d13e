internal import CLibpq
import FoundationEssentials

/// One row of a result; decode its columns by name or by index.
///
/// ```swift
/// let id = try row.decode("id", as: UUID.self)
/// let finished = try row.decode("finished_at", as: Date?.self)
/// ```
public struct PostgresRow: Sendable {
    /// The result this row belongs to (kept alive by this reference).
    let rows: PostgresRows
    /// The row number within the result.
    let index: Int32

    /// True when the column is NULL.
    public func isNull(_ column: String) throws(PostgresError) -> Bool {
        PQgetisnull(rows.result, index, try columnIndex(column)) == 1
    }

    /// Decodes a non-NULL column; NULL or an unparsable value throws `.decoding` naming the column.
    public func decode<Value: PostgresDecodable>(_ column: String, as type: Value.Type) throws(PostgresError) -> Value {
        try decode(column: try columnIndex(column), name: column, as: type)
    }

    /// Decodes a nullable column: NULL is nil.
    public func decode<Value: PostgresDecodable>(_ column: String, as type: Value?.Type) throws(PostgresError) -> Value?
    {
        let position = try columnIndex(column)
        if PQgetisnull(rows.result, index, position) == 1 { return nil }
        return try decode(column: position, name: column, as: Value.self)
    }

    /// Decodes a non-NULL column by position (0-based).
    public func decode<Value: PostgresDecodable>(_ column: Int, as type: Value.Type) throws(PostgresError) -> Value {
        try decode(column: try checkedIndex(column), name: "#\(column)", as: type)
    }

    /// Decodes a nullable column by position (0-based): NULL is nil.
    public func decode<Value: PostgresDecodable>(_ column: Int, as type: Value?.Type) throws(PostgresError) -> Value? {
        let position = try checkedIndex(column)
        if PQgetisnull(rows.result, index, position) == 1 { return nil }
        return try decode(column: position, name: "#\(column)", as: Value.self)
    }

    /// Decodes a json/jsonb column into a Decodable type with `JSONDecoder`.
    public func decodeJSON<Value: Decodable>(
        _ column: String, as type: Value.Type, decoder: JSONDecoder = JSONDecoder()
    ) throws(PostgresError) -> Value {
        let json = try decode(column, as: PostgresJSON.self)
        do {
            return try json.decode(as: type, decoder: decoder)
        } catch {
            throw PostgresError(.decoding, message: "column \"\(column)\": \(error.message)")
        }
    }

    /// Decodes a nullable json/jsonb column into a Decodable type: NULL is nil.
    public func decodeJSON<Value: Decodable>(
        _ column: String, as type: Value?.Type, decoder: JSONDecoder = JSONDecoder()
    ) throws(PostgresError) -> Value? {
        guard try !isNull(column) else { return nil }
        return try decodeJSON(column, as: Value.self, decoder: decoder)
    }

    /// The position of a named column, or `.decoding` naming it.
    private func columnIndex(_ name: String) throws(PostgresError) -> Int32 {
        guard let position = rows.columnIndex(of: name) else {
            throw PostgresError(
                .decoding, message: "no column \"\(name)\" in result (columns: \(rows.columns.joined(separator: ", ")))"
            )
        }
        return Int32(position)
    }

    /// A column position checked against the result width.
    private func checkedIndex(_ column: Int) throws(PostgresError) -> Int32 {
        guard column >= 0 && column < rows.columns.count else {
            throw PostgresError(.decoding, message: "column #\(column) out of range (result has \(rows.columns.count))")
        }
        return Int32(column)
    }

    /// Decodes the text of one cell without copying it.
    private func decode<Value: PostgresDecodable>(column: Int32, name: String, as type: Value.Type)
        throws(PostgresError)
        -> Value
    {
        let result = rows.result
        guard PQgetisnull(result, index, column) == 0 else {
            throw PostgresError(.decoding, message: "column \"\(name)\" is NULL, expected \(Value.self)")
        }
        let length = Int(PQgetlength(result, index, column))
        let decoded = PQgetvalue(result, index, column).withMemoryRebound(to: UInt8.self, capacity: length) {
            Value(postgresText: UnsafeBufferPointer(start: $0, count: length))
        }
        guard let decoded else {
            let typeOID = PQftype(result, column)
            throw PostgresError(
                .decoding, message: "column \"\(name)\" (type oid \(typeOID)) cannot be decoded as \(Value.self)")
        }
        return decoded
    }
}
