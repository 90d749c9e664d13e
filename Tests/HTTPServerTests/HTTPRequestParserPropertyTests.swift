import HTTPServer
import Testing

@Suite("HTTPRequestParser: seeded mutations")
struct HTTPRequestParserPropertyTests {
    // A fixed-seed generator so a failure always reproduces.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    static let seeds: [[UInt8]] = [
        "GET /a?b=c HTTP/1.1\r\nHost: h\r\nConnection: keep-alive\r\n\r\n",
        "POST /jobs/x HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nbody",
        "POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;e\r\nabc\r\n0\r\nT: 1\r\n\r\n",
    ].map { Array($0.utf8) }

    static let alphabet: [UInt8] = Array("\r\n :;,0123456789abcdefABCDEF\t-/HTTP".utf8) + [0, 0x7F, 0x80, 0xFF]

    static func mutate(_ input: [UInt8], using random: inout SplitMix) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let position = Int.random(in: 0..<max(1, bytes.count), using: &random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0 where !bytes.isEmpty: bytes[position] = alphabet.randomElement(using: &random)!
            case 1: bytes.insert(alphabet.randomElement(using: &random)!, at: min(position, bytes.count))
            default: if !bytes.isEmpty { bytes.remove(at: position) }
            }
        }
        return bytes
    }

    @Test func incrementalAndOneShotParsingAgree() {
        var random = SplitMix(state: 0xC0FFEE)
        for round in 0..<3_000 {
            let input = Self.mutate(Self.seeds[round % Self.seeds.count], using: &random)
            var oneShot = HTTPRequestParser()
            let expected = oneShot.parse(input)
            var incremental = HTTPRequestParser()
            var outcome = HTTPParseResult.needMore
            for length in 0...input.count {
                outcome = incremental.parse(Array(input[0..<length]))
                if outcome != .needMore { break }
            }
            #expect(outcome == expected, "round \(round): \(String(decoding: input, as: UTF8.self).debugDescription)")
            if case .complete(_, _, let consumed) = expected {
                #expect(consumed <= input.count)
            }
        }
    }
}
