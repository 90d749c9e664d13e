import FoundationEssentials

/// A JSON document bound as text (the server casts it to the column's `json`/`jsonb` type, or
/// write `\(value)::jsonb`) and decoded from `json`/`jsonb` output.
public struct PostgresJSON: Sendable, Hashable, PostgresArrayElement {
    /// The JSON text.
    public var rawString: String

    /// Wraps JSON text as is (it is validated by the server).
    public init(_ rawString: String) {
        self.rawString = rawString
    }

    /// Encodes any Encodable value with `JSONEncoder`.
    public init<Value: Encodable>(encoding value: Value, encoder: JSONEncoder = JSONEncoder()) throws(PostgresError) {
        do {
            let data = try encoder.encode(value)
            rawString = String(decoding: data, as: UTF8.self)
        } catch {
            throw PostgresError(.encoding, message: "JSON encoding of \(Value.self) failed: \(error)")
        }
    }

    /// Decodes the document into a Decodable type with `JSONDecoder`.
    public func decode<Value: Decodable>(as type: Value.Type, decoder: JSONDecoder = JSONDecoder())
        throws(PostgresError)
        -> Value
    {
        do {
            return try decoder.decode(type, from: Data(rawString.utf8))
        } catch {
            throw PostgresError(.decoding, message: "JSON decoding as \(Value.self) failed: \(error)")
        }
    }

    /// The JSON text.
    public var postgresText: String? { rawString }

    /// The JSON text as output by the server.
    public init?(postgresText bytes: UnsafeBufferPointer<UInt8>) {
        rawString = String(decoding: bytes, as: UTF8.self)
    }
}
