import CCurl
import Glibc

/// One pooled curl easy handle for SMTP. libcurl keeps the server connection open between performs
/// on the same handle, so consecutive messages reuse it. Used by one thread at a time (the pool's
/// checkout discipline), hence `@unchecked Sendable`.
final class SMTPConnection: @unchecked Sendable {
    private var easy: CurlEasy
    private let settings: SMTPSettings

    /// Creates a configured handle; the connection itself opens on the first send.
    init(settings: SMTPSettings) throws(MailError) {
        self.settings = settings
        easy = try Self.makeHandle(settings)
    }

    /// Drops the current connection (curl sends QUIT if it can) and starts over with a fresh handle.
    func reconnect() throws(MailError) {
        easy = try Self.makeHandle(settings)
    }

    /// Sends one rendered message; throws unless the server accepted it for every recipient.
    func send(from: String, recipients: [String], payload: [UInt8]) throws(MailError) {
        guard let list = CurlStringList(recipients.map { "<\($0)>" }) else {
            throw .sendFailed("curl_slist_append failed")
        }
        let source = UploadSource(payload)
        defer {
            // Never leave libcurl pointing at freed memory between messages.
            try? easy.set(CURLOPT_MAIL_RCPT, pointer: nil)
            try? easy.set(CURLOPT_READDATA, pointer: nil)
        }
        do throws(CurlFailure) {
            try withExtendedLifetime((list, source)) { () throws(CurlFailure) in
                try easy.set(CURLOPT_MAIL_FROM, "<\(from)>")
                try easy.set(CURLOPT_MAIL_RCPT, pointer: list.raw)
                try easy.set(CURLOPT_READDATA, pointer: UnsafeRawPointer(Unmanaged.passUnretained(source).toOpaque()))
                try easy.set(CURLOPT_INFILESIZE_LARGE, offset: Int64(payload.count))
                try easy.perform()
            }
        } catch {
            throw Self.map(error, replyCode: easy.infoLong(CURLINFO_RESPONSE_CODE))
        }
    }

    private static func makeHandle(_ settings: SMTPSettings) throws(MailError) -> CurlEasy {
        guard let easy = CurlEasy() else { throw .sendFailed("curl_easy_init failed") }
        let timeout = max(1, settings.timeout.wholeMilliseconds)
        do throws(CurlFailure) {
            try easy.set(CURLOPT_URL, settings.url(ehloName: localHostName()))
            try easy.set(CURLOPT_PROTOCOLS_STR, "smtp")
            try easy.set(CURLOPT_NOSIGNAL, 1)
            try easy.set(CURLOPT_USE_SSL, Int(settings.requireTLS ? CURLUSESSL_ALL.rawValue : CURLUSESSL_NONE.rawValue))
            if !settings.username.isEmpty {
                try easy.set(CURLOPT_USERNAME, settings.username)
                try easy.set(CURLOPT_PASSWORD, settings.password)
            }
            try easy.set(CURLOPT_CONNECTTIMEOUT_MS, timeout)
            try easy.set(CURLOPT_SERVER_RESPONSE_TIMEOUT, max(1, (timeout + 999) / 1000))
            try easy.set(CURLOPT_TIMEOUT_MS, timeout)
            try easy.set(CURLOPT_TCP_KEEPALIVE, 1)
            try easy.set(CURLOPT_UPLOAD, 1)
            try easy.set(CURLOPT_READFUNCTION, callback: uploadReadCallback)
        } catch {
            throw .sendFailed("setopt: \(error.text)")
        }
        return easy
    }

    /// The name this host gives in EHLO (as Django does with its FQDN); "localhost" if unknown.
    private static func localHostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let safe = !name.isEmpty && name.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
                || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".")
        }
        return safe ? name : "localhost"
    }

    /// Maps a failed transfer; `replyCode` is the server's last SMTP reply (0 if none).
    static func map(_ failure: CurlFailure, replyCode: Int) -> MailError {
        switch failure.code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT:
            return .connectionFailed(failure.text)
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut(failure.text)
        case CURLE_USE_SSL_FAILED, CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CIPHER:
            return .tlsFailed(failure.text)
        case CURLE_LOGIN_DENIED, CURLE_AUTH_ERROR:
            return .authenticationFailed(failure.text)
        default:
            // 421 is the server closing the channel: the connection is gone, the message was not refused.
            if replyCode >= 400, replyCode != 421 {
                return .rejected(code: replyCode, detail: failure.text)
            }
            switch failure.code {
            case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_WEIRD_SERVER_REPLY:
                return .connectionLost(failure.text)
            default:
                return .sendFailed(failure.text)
            }
        }
    }
}
