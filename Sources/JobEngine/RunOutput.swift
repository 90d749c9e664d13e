import Synchronization

/// The console lines of one run: kept up to a byte cap (the last lines win) and optionally echoed live.
public final class RunOutput: Sendable {
    /// Default cap of stored output per run (64 KiB).
    public static let defaultCapBytes = 64 * 1024

    private struct State {
        var lines: [String] = []
        var bytes = 0
        var dropped = 0
    }

    private let state = Mutex(State())
    private let capBytes: Int
    private let echo: (@Sendable (String) -> Void)?
    private let echoError: (@Sendable (String) -> Void)?

    /// Creates a sink; `echo` receives every stdout line as it is written and `echoError` every stderr line
    /// (the CLI prints them to its stdout and stderr).
    public init(
        capBytes: Int = RunOutput.defaultCapBytes, echo: (@Sendable (String) -> Void)? = nil,
        echoError: (@Sendable (String) -> Void)? = nil
    ) {
        self.capBytes = capBytes
        self.echo = echo
        self.echoError = echoError ?? echo
    }

    /// Appends one line (a job's `self.stdout.write`); embedded newlines split it.
    public func write(_ line: String) {
        echo?(line)
        store(line)
    }

    /// Appends one line the job writes to stderr (a job's `self.stderr.write`); stored with the rest.
    public func writeError(_ line: String) {
        echoError?(line)
        store(line)
    }

    private func store(_ line: String) {
        state.withLock { state in
            for part in line.split(separator: "\n", omittingEmptySubsequences: false) {
                let text = String(part)
                state.lines.append(text)
                state.bytes += text.utf8.count + 1
            }
            var dropIndex = 0
            while state.bytes > capBytes, dropIndex < state.lines.count {
                state.bytes -= state.lines[dropIndex].utf8.count + 1
                dropIndex += 1
            }
            if dropIndex > 0 {
                state.lines.removeFirst(dropIndex)
                state.dropped += dropIndex
            }
        }
    }

    /// The stored text; starts with a marker line when older lines were dropped.
    public var text: String {
        state.withLock { state in
            let body = state.lines.joined(separator: "\n")
            return state.dropped > 0 ? "[\(state.dropped) earlier lines dropped]\n" + body : body
        }
    }

    /// The stored lines (without the dropped marker).
    public var lines: [String] { state.withLock { $0.lines } }
}
