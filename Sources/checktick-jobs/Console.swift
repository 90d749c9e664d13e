import Glibc
import JobsAPI
import Logging

/// Process-level helpers shared by the commands: stderr, logging bootstrap, fatal configuration errors.
enum Console {
    /// Writes a line to stderr (Swift 6 forbids touching the C `stderr` global).
    static func error(_ line: String) {
        var bytes = Array((line + "\n").utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// Writes a line to stdout without buffering surprises between threads.
    static func out(_ line: String) {
        var bytes = Array((line + "\n").utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// Sets up swift-log once from `JOBS_LOG_FORMAT` / `JOBS_LOG_LEVEL` (invalid values fall back to defaults).
    static func bootstrapLogging(format: String, level: String) {
        let parsedFormat = StderrLogHandler.Format(rawValue: format) ?? .text
        let parsedLevel = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { label in
            StderrLogHandler(label: label, format: parsedFormat, level: parsedLevel)
        }
    }

    /// The number of online cores.
    static var cores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Ends the process with `code`.
    static func exit(_ code: Int32) -> Never {
        Glibc.exit(code)
    }

    /// Prints `configuration error: VAR: problem` and exits 2.
    static func fail(_ error: ConfigurationError) -> Never {
        Console.error("configuration error: \(error.description)")
        exit(2)
    }
}
