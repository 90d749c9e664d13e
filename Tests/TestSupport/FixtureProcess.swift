import Foundation
import Glibc
import Testing

/// A Python fixture (HTTP server or SMTP sink) run as a child process for one test.
public final class FixtureProcess {
    /// The port the fixture printed on its `PORT <n>` line.
    public let port: Int
    private let process: Process

    /// Starts `script` with TEST_PYTHON and waits (up to 15 s) for `PORT <n>` and then `readyLine`, if given.
    public init(script: String, arguments: [String], readyLine: String? = nil) throws {
        let python = try #require(
            ProcessInfo.processInfo.environment["TEST_PYTHON"],
            "TEST_PYTHON must name a python3 with aiosmtpd (scripts/test makes one in .venv)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-u", FixtureProcess.fixturesDirectory + "/" + script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        let reader = LineReader(fd: output.fileHandleForReading.fileDescriptor)
        let deadline = ContinuousClock.now + .seconds(15)
        var port: Int?
        var ready = readyLine == nil
        while port == nil || !ready {
            guard let line = reader.next(until: deadline) else {
                process.terminate()
                process.waitUntilExit()
                throw FixtureFailure(message: "\(script) did not become ready (port \(port.map(String.init) ?? "none"))")
            }
            if line.hasPrefix("PORT ") { port = Int(line.dropFirst(5)) }
            if let readyLine, line == readyLine { ready = true }
        }
        self.port = port ?? 0
    }

    deinit {
        stop()
    }

    /// Terminates the fixture (SIGTERM, then SIGKILL after 3 s) and waits for it; idempotent.
    public func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = ContinuousClock.now + .seconds(3)
            while process.isRunning, ContinuousClock.now < deadline {
                usleep(20_000)
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
            }
        }
        process.waitUntilExit()
    }

    /// Tests/Fixtures, found from this file's real (symlink-resolved) location or TEST_FIXTURES_DIR.
    public static var fixturesDirectory: String {
        if let override = ProcessInfo.processInfo.environment["TEST_FIXTURES_DIR"] { return override }
        let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        var directory = here.deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("Fixtures")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("fixture_server.py").path) {
                return candidate.path
            }
            directory = directory.deletingLastPathComponent()
        }
        return here.deletingLastPathComponent().path
    }
}

/// A fixture that could not be started or controlled.
public struct FixtureFailure: Error, CustomStringConvertible {
    /// What went wrong.
    public let message: String
    /// The message.
    public var description: String { message }
    /// Creates a failure.
    public init(message: String) { self.message = message }
}

/// Reads lines from a pipe with a deadline (poll, no extra threads).
private final class LineReader {
    private let fd: Int32
    private var buffer: [UInt8] = []

    init(fd: Int32) {
        self.fd = fd
    }

    func next(until deadline: ContinuousClock.Instant) -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return nil }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(min(remaining.components.seconds * 1000 + 1, 1000))
            guard poll(&descriptor, 1, milliseconds) >= 0 else { return nil }
            guard descriptor.revents != 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = read(fd, &chunk, chunk.count)
            guard count > 0 else { return nil }
            buffer += chunk[..<count]
        }
    }
}
