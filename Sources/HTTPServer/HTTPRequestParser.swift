import Glibc

/// An incremental HTTP/1.0 and HTTP/1.1 request parser: a pure value that does no I/O
/// (picohttpparser is the model).
///
/// Pass the bytes buffered so far, starting at the first byte of the current request. Each call
/// must see the previous call's bytes, possibly followed by more. The parser remembers how far it
/// has scanned, so a request that trickles in byte by byte costs O(n), not O(n²). After
/// `.complete` it is ready for the next request (pass the bytes after `consumed`); after
/// `.invalid` the connection must be closed, because framing can no longer be trusted.
public struct HTTPRequestParser: Sendable {
    /// The size limits a request must respect.
    public struct Limits: Sendable, Equatable {
        /// Bytes of request line plus header fields plus the blank line (→ 431); chunk framing
        /// and trailers of a chunked body are held to the same budget (→ 413).
        public var maxHeaderBytes: Int
        /// Bytes of body, declared by `Content-Length` or decoded from chunks (→ 413).
        public var maxBodyBytes: Int
        /// Number of header fields (→ 431).
        public var maxHeaderCount: Int

        /// Limits with the service defaults: 16 KiB of head, 64 KiB of body, 100 header fields.
        public init(maxHeaderBytes: Int = 16_384, maxBodyBytes: Int = 65_536, maxHeaderCount: Int = 100) {
            self.maxHeaderBytes = maxHeaderBytes
            self.maxBodyBytes = maxBodyBytes
            self.maxHeaderCount = maxHeaderCount
        }
    }

    /// The limits this parser enforces.
    public let limits: Limits

    // Offset of the request line (after any empty lines that precede it), once known.
    private var requestStart = -1
    // Bytes already searched for the end of the head.
    private var scanned = 0
    private var head: HTTPRequestHead?
    private var headLength = 0
    private var contentLength = 0
    private var chunkDecoder: ChunkedBodyDecoder?

    /// A parser enforcing `limits`.
    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// The head of the current request once it is complete and its body is still arriving.
    public var pendingHead: HTTPRequestHead? { head }

    /// Forgets the current request; the next call starts a new one.
    public mutating func reset() {
        requestStart = -1
        scanned = 0
        head = nil
        headLength = 0
        contentLength = 0
        chunkDecoder = nil
    }

    /// Parses the request at the start of `bytes`.
    public mutating func parse(_ bytes: [UInt8]) -> HTTPParseResult {
        bytes.withUnsafeBytes { parse($0) }
    }

    /// Parses the request at the start of `bytes`.
    public mutating func parse(_ bytes: UnsafeRawBufferPointer) -> HTTPParseResult {
        if head == nil {
            switch scanHead(bytes) {
            case .needMore:
                return .needMore
            case .failure(let failure):
                return fail(failure)
            case .found(let end):
                let parsed: ParsedHead
                do {
                    parsed = try HeadParser.parse(bytes, start: requestStart, end: end, limits: limits)
                } catch {
                    return fail(error)
                }
                headLength = end
                switch parsed.framing {
                case .none:
                    return finish(parsed.head, body: [], consumed: end)
                case .contentLength(let length):
                    guard length <= limits.maxBodyBytes else {
                        return fail(ParseFailure(status: 413, reason: "request body too large"))
                    }
                    contentLength = length
                case .chunked:
                    chunkDecoder = ChunkedBodyDecoder(start: end)
                }
                head = parsed.head
            }
        }
        return parseBody(bytes)
    }

    private mutating func parseBody(_ bytes: UnsafeRawBufferPointer) -> HTTPParseResult {
        guard let currentHead = head else { return .needMore }
        if chunkDecoder != nil {
            switch chunkDecoder!.decode(bytes, limits: limits) {
            case .needMore:
                return .needMore
            case .failure(let failure):
                return fail(failure)
            case .done(let end):
                let body = chunkDecoder!.takeBody()
                return finish(currentHead, body: body, consumed: end)
            }
        }
        let end = headLength + contentLength
        guard bytes.count >= end else { return .needMore }
        let body = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[headLength..<end]))
        return finish(currentHead, body: body, consumed: end)
    }

    private mutating func finish(_ head: HTTPRequestHead, body: [UInt8], consumed: Int) -> HTTPParseResult {
        reset()
        return .complete(head: head, body: body, consumed: consumed)
    }

    private mutating func fail(_ failure: ParseFailure) -> HTTPParseResult {
        reset()
        return .invalid(status: failure.status, reason: failure.reason.description)
    }

    private enum ScanOutcome {
        case needMore
        case found(end: Int)
        case failure(ParseFailure)
    }

    // Finds the CRLF CRLF that ends the head, rejecting any LF not preceded by CR on the way.
    private mutating func scanHead(_ bytes: UnsafeRawBufferPointer) -> ScanOutcome {
        guard let base = bytes.baseAddress else { return .needMore }
        let count = bytes.count
        let maxHead = limits.maxHeaderBytes
        // RFC 9112 §2.2: a server SHOULD ignore empty lines received before the request line.
        while requestStart < 0 {
            if scanned >= maxHead { return .failure(ParseFailure(status: 431, reason: "request head too large")) }
            guard scanned < count else { return .needMore }
            switch bytes[scanned] {
            case ASCII.cr:
                guard scanned + 1 < count else { return .needMore }
                guard bytes[scanned + 1] == ASCII.lf else {
                    return .failure(ParseFailure(status: 400, reason: "bare CR in request head"))
                }
                scanned += 2
            case ASCII.lf:
                return .failure(ParseFailure(status: 400, reason: "bare LF in request head"))
            default:
                requestStart = scanned
            }
        }
        let limit = min(count, maxHead)
        var index = scanned
        while index < limit {
            guard let hit = memchr(base + index, Int32(ASCII.lf), limit - index) else {
                index = limit
                break
            }
            let lf = base.distance(to: UnsafeRawPointer(hit))
            // bytes[requestStart] is neither CR nor LF, so lf - 1 > requestStart here.
            guard bytes[lf - 1] == ASCII.cr else {
                scanned = lf
                return .failure(ParseFailure(status: 400, reason: "bare LF in request head"))
            }
            if lf - 2 > requestStart && bytes[lf - 2] == ASCII.lf {
                return .found(end: lf + 1)
            }
            index = lf + 1
        }
        scanned = index
        if index >= maxHead { return .failure(ParseFailure(status: 431, reason: "request head too large")) }
        return .needMore
    }
}
