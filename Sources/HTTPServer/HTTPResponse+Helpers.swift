import FoundationEssentials

extension HTTPResponse {
    /// A JSON response: `body` encoded with `encoder` (sorted keys, ISO 8601 dates by default).
    /// If encoding fails the answer is a 500 `encoding_failed` error instead.
    public static func json(
        status: Int = 200, body: some Encodable, headers: HTTPHeaders = HTTPHeaders(),
        encoder: JSONEncoder = HTTPResponse.makeJSONEncoder()
    ) -> HTTPResponse {
        guard let data = try? encoder.encode(body) else {
            return .error(status: 500, code: "encoding_failed", message: "the response could not be encoded")
        }
        return json(status: status, bytes: [UInt8](data), headers: headers)
    }

    /// A JSON response whose body is already encoded.
    public static func json(status: Int = 200, bytes: [UInt8], headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var all = headers
        all["Content-Type"] = "application/json"
        return HTTPResponse(status: status, headers: all, body: bytes)
    }

    /// A UTF-8 plain-text response.
    public static func text(status: Int = 200, _ text: String, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var all = headers
        all["Content-Type"] = "text/plain; charset=utf-8"
        return HTTPResponse(status: status, headers: all, body: Array(text.utf8))
    }

    /// The service's error shape: `{"error":"<code>","message":"<message>"}` as JSON.
    public static func error(
        status: Int, code: String, message: String, headers: HTTPHeaders = HTTPHeaders()
    ) -> HTTPResponse {
        var body: [UInt8] = []
        body.reserveCapacity(code.utf8.count + message.utf8.count + 24)
        body.append(contentsOf: #"{"error":"#.utf8)
        JSONText.appendString(code, to: &body)
        body.append(contentsOf: #","message":"#.utf8)
        JSONText.appendString(message, to: &body)
        body.append(UInt8(ascii: "}"))
        return json(status: status, bytes: body, headers: headers)
    }

    /// The encoder `json(status:body:)` uses by default: sorted keys, unescaped slashes, ISO 8601 dates.
    public static func makeJSONEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}
