/// The bearer token that guards the read endpoints (`JOBS_READ_TOKEN`).
public enum ReadToken {
    /// True when `authorizationHeader` is `Bearer <token>` (scheme case-insensitive) and the token
    /// equals `token`. Both sides are hashed first so the comparison, done in constant time, also hides
    /// the configured token's length. An empty configured token never passes.
    public static func verify(authorizationHeader: String?, token: [UInt8]) -> Bool {
        guard !token.isEmpty, let header = authorizationHeader else { return false }
        let utf8 = Array(header.utf8)
        let scheme = Array("bearer".utf8)
        guard utf8.count > scheme.count, utf8[scheme.count] == UInt8(ascii: " "),
              zip(utf8, scheme).allSatisfy({ $0 | 0x20 == $1 }) else { return false }
        let presented = Array(utf8[(scheme.count + 1)...].drop { $0 == UInt8(ascii: " ") })
        guard !presented.isEmpty else { return false }
        return ConstantTime.equals(SHA256.hash(presented), SHA256.hash(token))
    }
}
