import HTTPServer

// libFuzzer target for `HTTPRequestParser` (built and run by scripts/fuzz, not by SwiftPM).
// Each input is parsed the ways a connection can receive it: in one buffer, one byte at a time
// and in pseudo-random pieces. All three must give the same requests and the same verdict, and
// every result must satisfy the invariants in ParserFuzzer+Invariants.swift. A violated
// invariant traps, so libFuzzer saves the input as a crash artefact.

/// The libFuzzer entry point: checks one input under the service limits and under tight ones.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParserOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    ParserFuzzer.check(input)
    return 0
}

/// The checks run on every fuzz input.
enum ParserFuzzer {
    /// Tight limits make the fuzzer reach the 413 and 431 paths with small inputs.
    static let tightLimits = HTTPRequestParser.Limits(maxHeaderBytes: 160, maxBodyBytes: 48, maxHeaderCount: 5)
    /// The service defaults.
    static let defaultLimits = HTTPRequestParser.Limits()

    /// Parses `input` every way, under both limit sets, and compares.
    static func check(_ input: [UInt8]) {
        let loose = verify(input, limits: defaultLimits)
        let tight = verify(input, limits: tightLimits)
        // Looser limits never change a request that tighter limits accept.
        if case .complete = tight.results.first, tight.results.first != loose.results.first {
            fail("tight limits accepted a request that the default limits parse differently", input)
        }
    }

    /// Runs every feeding strategy under `limits`, checks them against each other and checks
    /// each result; returns the one-buffer outcome.
    static func verify(_ input: [UInt8], limits: HTTPRequestParser.Limits) -> Outcome {
        let whole = parseWhole(input, limits: limits)
        let trickled = parseByteByByte(input, limits: limits)
        if whole != trickled {
            fail("one buffer \(whole) but byte by byte \(trickled)", input)
        }
        let pieces = parseInPieces(input, limits: limits)
        if whole != pieces {
            fail("one buffer \(whole) but in pieces \(pieces)", input)
        }
        var offset = 0
        for result in whole.results {
            checkResult(result, input: input, offset: offset, limits: limits)
            if case .complete(_, _, let consumed) = result { offset += consumed }
        }
        return whole
    }

    /// Reports a broken invariant and traps, so libFuzzer keeps the input.
    static func fail(_ message: String, _ input: [UInt8]) -> Never {
        let shown = String(decoding: input.prefix(512), as: UTF8.self).debugDescription
        fatalError("parser invariant violated: \(message)\ninput (\(input.count) bytes): \(shown)")
    }
}

extension ParserFuzzer {
    /// What parsing a whole input yields: the requests completed in order, then `.needMore`
    /// (input ends inside a request, or right after the last one) or `.invalid`.
    struct Outcome: Equatable, CustomStringConvertible {
        /// Every result, the last one not `.complete`.
        var results: [HTTPParseResult] = []

        /// A short form for failure messages.
        var description: String {
            results.map { result in
                switch result {
                case .complete(let head, let body, let consumed):
                    "complete(\(head.method) \(head.target), body \(body.count), consumed \(consumed))"
                case .needMore: "needMore"
                case .invalid(let status, let reason): "invalid(\(status) \(reason))"
                }
            }.joined(separator: ", ")
        }
    }
}
