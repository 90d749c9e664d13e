import HTTPServer

// Three ways of handing the same bytes to the parser, as a connection would see them.
extension ParserFuzzer {
    /// The whole input in one buffer, requests taken one after another (pipelining).
    static func parseWhole(_ input: [UInt8], limits: HTTPRequestParser.Limits) -> Outcome {
        var parser = HTTPRequestParser(limits: limits)
        var outcome = Outcome()
        var offset = 0
        while true {
            let result = withExactCopy(input[offset...]) { parser.parse($0) }
            outcome.results.append(result)
            guard case .complete(_, _, let consumed) = result else { return outcome }
            guard consumed > 0, consumed <= input.count - offset else {
                fail("consumed \(consumed) of \(input.count - offset) bytes", input)
            }
            offset += consumed
        }
    }

    /// One more byte per call, as a slow client sends it. Because the previous, shorter call
    /// said `.needMore`, a request completed now must end exactly at the last byte.
    static func parseByteByByte(_ input: [UInt8], limits: HTTPRequestParser.Limits) -> Outcome {
        var parser = HTTPRequestParser(limits: limits)
        var outcome = Outcome()
        var start = 0
        return input.withUnsafeBytes { bytes in
            for end in 0...bytes.count {
                let result = parser.parse(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                switch result {
                case .needMore:
                    if end == bytes.count { outcome.results.append(result) }
                case .complete(_, _, let consumed):
                    guard consumed == end - start else {
                        fail("byte by byte: completed with \(consumed) of \(end - start) new bytes", input)
                    }
                    outcome.results.append(result)
                    start = end
                    // A request that ends the input leaves an empty remainder, which needs more.
                    if end == bytes.count { outcome.results.append(parser.parse(UnsafeRawBufferPointer(rebasing: bytes[end...]))) }
                case .invalid:
                    outcome.results.append(result)
                    return outcome
                }
            }
            return outcome
        }
    }

    /// Pieces of 1 to 64 bytes chosen from the input's own hash (so a crash reproduces), each
    /// call on a fresh exact-size copy of the bytes so far, as the event loop's buffers move.
    static func parseInPieces(_ input: [UInt8], limits: HTTPRequestParser.Limits) -> Outcome {
        var parser = HTTPRequestParser(limits: limits)
        var outcome = Outcome()
        var random = fnv1a(input)
        var start = 0
        var end = 0
        while true {
            if end < input.count {
                random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                end = min(input.count, end + 1 + Int((random >> 33) % 64))
            }
            // After a completed request the rest of the same piece is parsed at once.
            var result: HTTPParseResult
            repeat {
                result = withExactCopy(input[start..<end]) { parser.parse($0) }
                if case .complete(_, _, let consumed) = result {
                    outcome.results.append(result)
                    start += consumed
                } else {
                    break
                }
            } while true
            if case .invalid = result {
                outcome.results.append(result)
                return outcome
            }
            if end == input.count {
                outcome.results.append(result)
                return outcome
            }
        }
    }

    /// Calls `body` with the bytes in a heap block of exactly their size, so AddressSanitizer
    /// reports any read past the end (release builds do not bounds-check raw buffers).
    static func withExactCopy<R>(_ bytes: ArraySlice<UInt8>, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        defer { copy.deallocate() }
        bytes.withUnsafeBytes { copy.copyMemory(from: $0) }
        return body(UnsafeRawBufferPointer(copy))
    }

    /// FNV-1a over the input: a cheap, stable seed for the piece sizes.
    static func fnv1a(_ input: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in input {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
