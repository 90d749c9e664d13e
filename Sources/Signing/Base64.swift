/// Standard base64 (RFC 4648 §4) with `=` padding and strict decoding.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let table = Base64Codec.decodingTable(for: alphabet)

    /// Encodes `bytes` as padded standard base64.
    public static func encode(_ bytes: [UInt8]) -> String {
        Base64Codec.encode(bytes, alphabet: alphabet, padded: true)
    }

    /// Decodes padded standard base64; nil for any other character, missing or misplaced padding,
    /// whitespace, or non-zero unused bits.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        Base64Codec.decode(text, table: table, padded: true)
    }

    /// Decodes padded standard base64 from raw bytes, with the same strictness.
    static func decode(bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        Base64Codec.decode(bytes, table: table, padded: true)
    }

    /// Decodes padded standard base64 from raw bytes into `output`, without allocating: the number of
    /// bytes written, or nil when invalid or longer than `output`.
    static func decode(bytes: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableRawBufferPointer) -> Int? {
        Base64Codec.decode(bytes, table: table, padded: true, into: output)
    }
}
