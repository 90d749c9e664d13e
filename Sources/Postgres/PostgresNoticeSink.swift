internal import CLibpq
import Logging

/// Receives server notices (`NOTICE: schema already exists, skipping`) so libpq does not print them
/// to stderr, and notes a FATAL message sent to an idle session (its backend was terminated).
///
/// Owned by its connection, outlives the libpq handle, and is only touched on the connection's thread.
final class PostgresNoticeSink {
    /// Where notices go, at debug level.
    let logger: Logger
    /// Set when the server announced the end of the session (severity FATAL or PANIC).
    var fatalReceived = false

    /// Creates a sink logging to `logger`.
    init(logger: Logger) {
        self.logger = logger
    }

    /// Handles one notice result.
    func receive(_ result: OpaquePointer) {
        func field(_ code: Unicode.Scalar) -> String {
            PQresultErrorField(result, Int32(code.value)).map { String(cString: $0) } ?? ""
        }
        let severity = field("V")
        if severity == "FATAL" || severity == "PANIC" {
            fatalReceived = true
            logger.notice(
                "postgres session ended by server",
                metadata: ["postgres.sqlstate": "\(field("C"))", "postgres.message": "\(field("M"))"])
        } else {
            logger.debug(
                "postgres notice", metadata: ["postgres.severity": "\(severity)", "postgres.message": "\(field("M"))"])
        }
    }
}

/// The libpq notice callback; `context` is an unretained `PostgresNoticeSink`.
let postgresNoticeReceiver: PQnoticeReceiver = { context, result in
    guard let context, let result else { return }
    Unmanaged<PostgresNoticeSink>.fromOpaque(context).takeUnretainedValue().receive(result)
}
