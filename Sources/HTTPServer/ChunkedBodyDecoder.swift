/// Decodes a `Transfer-Encoding: chunked` body incrementally (RFC 9112 §7.1): chunk extensions
/// are ignored, trailer fields are checked for bare LF and control characters, then discarded.
struct ChunkedBodyDecoder: Sendable {
    /// The result of decoding as far as the bytes go.
    enum Outcome {
        case needMore
        case done(end: Int)
        case failure(ParseFailure)
    }

    private enum State {
        case size
        case extensions
        case sizeLF
        case data(remaining: Int)
        case dataCR
        case dataLF
        case trailerLineStart
        case trailerLine
        case trailerLF
        case finalLF
    }

    private var state = State.size
    // Absolute offset (from the request's first byte) of the next byte to decode.
    private var cursor: Int
    private var body: [UInt8] = []
    private var chunkSize = 0
    private var sizeDigits = 0
    // Bytes that are not body data: size lines, extensions, CRLFs and trailers.
    private var framingBytes = 0

    /// A decoder whose chunked body starts at offset `start` of the request bytes.
    init(start: Int) {
        cursor = start
    }

    /// Hands over the decoded body, leaving the decoder empty.
    mutating func takeBody() -> [UInt8] {
        defer { body = [] }
        return body
    }

    /// Decodes from where the last call stopped; `bytes` starts at the request's first byte.
    mutating func decode(_ bytes: UnsafeRawBufferPointer, limits: HTTPRequestParser.Limits) -> Outcome {
        let count = bytes.count
        while cursor < count {
            if case .data(let remaining) = state {
                let take = min(remaining, count - cursor)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[cursor..<(cursor + take)]))
                cursor += take
                state = remaining == take ? .dataCR : .data(remaining: remaining - take)
                continue
            }
            let byte = bytes[cursor]
            cursor += 1
            framingBytes += 1
            if framingBytes > limits.maxHeaderBytes {
                return .failure(ParseFailure(status: 413, reason: "chunk framing too large"))
            }
            if let failure = step(byte, maxBody: limits.maxBodyBytes) {
                return .failure(failure)
            }
            if case .finalLF = state, byte == ASCII.lf {
                return .done(end: cursor)
            }
        }
        return .needMore
    }

    // Advances the state machine by one framing byte; `.finalLF` followed by its LF ends the body.
    private mutating func step(_ byte: UInt8, maxBody: Int) -> ParseFailure? {
        switch state {
        case .size:
            if let digit = Self.hexValue(byte) {
                sizeDigits += 1
                chunkSize = chunkSize &* 16 &+ digit
                if sizeDigits > 16 || chunkSize > maxBody - body.count {
                    return ParseFailure(status: 413, reason: "request body too large")
                }
            } else if sizeDigits == 0 {
                return ParseFailure(status: 400, reason: "invalid chunk size")
            } else if byte == UInt8(ascii: ";") || ASCII.isWhitespace(byte) {
                state = .extensions
            } else if byte == ASCII.cr {
                state = .sizeLF
            } else {
                return ParseFailure(status: 400, reason: "invalid chunk size")
            }
        case .extensions:
            if byte == ASCII.cr {
                state = .sizeLF
            } else if ASCII.isForbiddenInValue(byte) {
                return ParseFailure(status: 400, reason: "invalid chunk extension")
            }
        case .sizeLF:
            guard byte == ASCII.lf else { return ParseFailure(status: 400, reason: "bare CR in chunked body") }
            state = chunkSize == 0 ? .trailerLineStart : .data(remaining: chunkSize)
            chunkSize = 0
            sizeDigits = 0
        case .data:
            preconditionFailure("chunk data is copied in bulk")
        case .dataCR:
            guard byte == ASCII.cr else { return ParseFailure(status: 400, reason: "chunk data not followed by CRLF") }
            state = .dataLF
        case .dataLF:
            guard byte == ASCII.lf else { return ParseFailure(status: 400, reason: "chunk data not followed by CRLF") }
            state = .size
        case .trailerLineStart:
            if byte == ASCII.cr {
                state = .finalLF
            } else if ASCII.isWhitespace(byte) {
                return ParseFailure(status: 400, reason: "obsolete line folding")
            } else if ASCII.isForbiddenInValue(byte) {
                return ParseFailure(status: 400, reason: "invalid trailer field")
            } else {
                state = .trailerLine
            }
        case .trailerLine:
            if byte == ASCII.cr {
                state = .trailerLF
            } else if ASCII.isForbiddenInValue(byte) {
                return ParseFailure(status: 400, reason: "invalid trailer field")
            }
        case .trailerLF:
            guard byte == ASCII.lf else { return ParseFailure(status: 400, reason: "bare CR in chunked body") }
            state = .trailerLineStart
        case .finalLF:
            guard byte == ASCII.lf else { return ParseFailure(status: 400, reason: "bare CR in chunked body") }
        }
        return nil
    }

    @inline(__always)
    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
