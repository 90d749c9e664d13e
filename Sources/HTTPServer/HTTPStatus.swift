/// Reason phrases (RFC 9110 §15) and pre-built status lines.
public enum HTTPStatus {
    /// The reason phrase for `status`, e.g. `Not Found`; `Unknown` for codes this service never sends.
    public static func reasonPhrase(for status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 411: "Length Required"
        case 412: "Precondition Failed"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 417: "Expectation Failed"
        case 422: "Unprocessable Content"
        case 425: "Too Early"
        case 426: "Upgrade Required"
        case 428: "Precondition Required"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: "Unknown"
        }
    }

    // "HTTP/1.1 200 OK\r\n" for every code 100...599, built once into one buffer; `statusLineEnds[i]` is
    // where the line of code 100 + i ends. Read through its buffer pointer, never as per-code arrays, so
    // writing a status line touches no reference count that other event loops also touch.
    private static let statusLineText: [UInt8] = (100..<600).flatMap { code in
        Array("HTTP/1.1 \(code) \(reasonPhrase(for: code))\r\n".utf8)
    }
    private static let statusLineEnds: [Int] = {
        var ends: [Int] = []
        var end = 0
        for code in 100..<600 {
            end += "HTTP/1.1 \(code) \(reasonPhrase(for: code))\r\n".utf8.count
            ends.append(end)
        }
        return ends
    }()

    /// Appends the status line for `status` including its CRLF; codes outside 100...599 are sent as 500.
    static func appendStatusLine(for status: Int, to output: inout [UInt8]) {
        let index = (100..<600).contains(status) ? status - 100 : 400
        let start = index == 0 ? 0 : statusLineEnds[index - 1]
        let end = statusLineEnds[index]
        statusLineText.withUnsafeBufferPointer { text in
            output.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<end]))
        }
    }
}
