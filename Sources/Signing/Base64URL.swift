/// Base64url (RFC 4648 §5) without padding, with strict decoding.
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let table = Base64Codec.decodingTable(for: alphabet)

    /// Encodes `bytes` as unpadded base64url.
    public static func encode(_ bytes: [UInt8]) -> String {
        Base64Codec.encode(bytes, alphabet: alphabet, padded: false)
    }

    /// Decodes unpadded base64url; nil for `=`, `+`, `/`, any other non-alphabet character,
    /// an impossible length, or non-zero unused bits.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        Base64Codec.decode(text, table: table, padded: false)
    }
}
