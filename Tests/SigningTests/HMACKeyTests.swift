import Testing

@testable import Signing

@Suite("HMACKey: SHA-256 pad states prepared once, copied by value per message")
struct HMACKeyTests {
    @Test(arguments: [0, 1, 20, 32, 64, 65, 131])
    func agreesWithTheOneShotHMAC(keyLength: Int) {
        let key = (0..<keyLength).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let prepared = HMACKey(key: key)
        for message in [[], Array("what do ya want for nothing?".utf8), [UInt8](repeating: 0xDD, count: 1000)] {
            let expected = HMAC.sha256(key: key, message: message)
            #expect(prepared.mac(message) == expected)
            // The same bytes fed in pieces give the same tag, and the template is unchanged by use.
            let middle = message.count / 2
            #expect(prepared.mac(Array(message[..<middle]), [], Array(message[middle...])) == expected)
            #expect(prepared.mac(message) == expected)
        }
    }

    @Test func rfc4231TestCase2() {
        let tag = HMACKey(key: Array("Jefe".utf8)).mac(Array("what do ya want ".utf8), Array("for nothing?".utf8))
        #expect(Hex.encode(tag) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func writesTheTagIntoACallersBufferAndTakesStringsInPlace() {
        let key = HMACKey(key: Array("key".utf8))
        var message = key.start()
        message.update("The quick brown fox ")
        message.update(Array("jumps over the lazy dog".utf8))
        var tag = [UInt8](repeating: 0, count: 32)
        tag.withUnsafeMutableBytes { key.finish(message, into: $0) }
        #expect(Hex.encode(tag) == "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
    }

    @Test func manyThreadsShareOneKey() async {
        let key = HMACKey(key: Array("shared".utf8))
        let expected = HMAC.sha256(key: Array("shared".utf8), message: Array("message".utf8))
        let agreed = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<2_000).allSatisfy { _ in key.mac(Array("message".utf8)) == expected } }
            }
            return await group.reduce(true) { $0 && $1 }
        }
        #expect(agreed)
    }
}
