import Fetch
import Foundation
import JobEngine
import Testing

@testable import Scheduling

@Suite("Completion pings")
struct CompletionPingerTests {
    static let registry = JobRegistry([ScriptedJob("process_data_governance"), ScriptedJob("cleanup")])

    /// Fast retries so failing monitors do not slow the suite.
    static let quickOptions = FetchOptions(
        timeout: .seconds(5), connectTimeout: .seconds(2), retries: 2, backoffBase: .milliseconds(10),
        backoffCap: .milliseconds(20))

    @Test func readsOneURLPerJobAndIgnoresEverythingElse() throws {
        let pinger = try CompletionPinger(
            environment: [
                "JOBS_PING_URL_PROCESS_DATA_GOVERNANCE": " https://hc-ping.com/0f3c ",
                "JOBS_PING_URL_CLEANUP": "",
                "JOBS_PING_URL_CLEANUP_FILE": "/run/secrets/cleanup_ping",
                "PATH": "/usr/bin",
            ],
            registry: Self.registry, logger: quietLogger)
        #expect(pinger.jobs == ["process_data_governance"])
        #expect(pinger.urls["process_data_governance"] == "https://hc-ping.com/0f3c")
        #expect(CompletionPinger.variableName(for: "process_data_governance") == "JOBS_PING_URL_PROCESS_DATA_GOVERNANCE")
        #expect(CompletionPinger.defaultFetchOptions.timeout == .seconds(10))
        #expect(CompletionPinger.defaultFetchOptions.retries == 2)
        #expect(CompletionPinger.defaultMaxPending == 100)
    }

    static let configurationErrors: [(String, String, String)] = [
        ("JOBS_PING_URL_NOPE", "https://hc-ping.com/x",
         "JOBS_PING_URL_NOPE: no job named 'nope' (known: process_data_governance, cleanup)"),
        ("JOBS_PING_URL_CLEANUP", "ftp://example.test/secret-token",
         "JOBS_PING_URL_CLEANUP: must be an http:// or https:// URL"),
        ("JOBS_PING_URL_CLEANUP", "hc-ping.com/secret-token", "JOBS_PING_URL_CLEANUP: must be an http:// or https:// URL"),
        ("JOBS_PING_URL_CLEANUP", "https:///secret-token",
         "JOBS_PING_URL_CLEANUP: must be an http:// or https:// URL with a host, no blanks and no fragment"),
        ("JOBS_PING_URL_CLEANUP", "https://hc-ping.com/secret token",
         "JOBS_PING_URL_CLEANUP: must be an http:// or https:// URL with a host, no blanks and no fragment"),
        ("JOBS_PING_URL_cleanup", "https://hc-ping.com/x",
         "JOBS_PING_URL_cleanup: the job name must be upper case (JOBS_PING_URL_CLEANUP)"),
    ]

    @Test(arguments: configurationErrors)
    func rejectsBadConfigurationNamingTheVariable(variable: String, value: String, message: String) {
        let error = #expect(throws: SchedulingError.self) {
            try CompletionPinger(environment: [variable: value], registry: Self.registry, logger: quietLogger)
        }
        #expect(error?.description == message)
        #expect(error?.description.contains("secret") == false, "a ping URL is never echoed")
    }

    static let urlCases: [(String, PingKind, String)] = [
        ("https://hc-ping.com/abc", .start, "https://hc-ping.com/abc/start?rid=RUN"),
        ("https://hc-ping.com/abc/", .success, "https://hc-ping.com/abc?rid=RUN"),
        ("https://hc-ping.com/abc", .fail, "https://hc-ping.com/abc/fail?rid=RUN"),
        ("http://monitor.test/ping/key/job?create=1", .fail, "http://monitor.test/ping/key/job/fail?create=1&rid=RUN"),
    ]

    @Test(arguments: urlCases)
    func buildsHealthchecksStyleURLs(base: String, kind: PingKind, expected: String) {
        let runID = "0b8e8c6e-1f7b-4c1e-9a55-3f0d2c8f2e10"
        #expect(kind.url(base: base, runID: runID) == expected.replacingOccurrences(of: "RUN", with: runID))
    }

    static let statusCases: [(RunStatus, PingKind?)] = [
        (.succeeded, .success), (.failed, .fail), (.timedOut, .fail), (.abandoned, .fail), (.cancelled, .fail),
        (.queued, nil), (.running, nil),
    ]

    @Test(arguments: statusCases)
    func mapsFinalStatusesToPings(status: RunStatus, expected: PingKind?) {
        #expect(PingKind(finished: status) == expected)
    }

    @Test func pingsStartSuccessAndFailWithTheRunID() throws {
        let db = try ScheduleDatabase()
        let server = try PingServer()
        defer { server.close() }
        let jobs: [any Job] = [
            ScriptedJob("ok_job"), ScriptedJob("bad_job", outcome: .fail), ScriptedJob("exit_job", outcome: .exit(3)),
            ScriptedJob("slow_job", timeout: .milliseconds(300), outcome: .sleep(5)), ScriptedJob("quiet_job"),
        ]
        let registry = JobRegistry(jobs)
        let environment = [
            "JOBS_PING_URL_OK_JOB": server.url("/hc/ok"), "JOBS_PING_URL_BAD_JOB": server.url("/hc/bad"),
            "JOBS_PING_URL_EXIT_JOB": server.url("/hc/exit"), "JOBS_PING_URL_SLOW_JOB": server.url("/hc/slow/"),
        ]
        let pinger = try CompletionPinger(
            environment: environment, registry: registry, logger: quietLogger, options: Self.quickOptions)
        let engine = db.engine(jobs, workers: 1, observers: [pinger.observe])
        engine.start()
        defer { engine.stop() }
        var ids: [String: String] = [:]
        for job in jobs {
            ids[job.descriptor.name] = try engine.trigger(RunRequest(descriptor: job.descriptor, trigger: .http)).run.id
        }
        #expect(try waitUntil(timeout: .seconds(20)) {
            try ids.values.allSatisfy { try engine.store.run(id: $0)?.status.isFinished == true }
        })
        #expect(pinger.waitUntilIdle(timeout: .seconds(10)))
        let requests = server.requests
        let expected = [
            "GET /hc/ok/start?rid=\(ids["ok_job"]!)", "GET /hc/ok?rid=\(ids["ok_job"]!)",
            "GET /hc/bad/start?rid=\(ids["bad_job"]!)", "GET /hc/bad/fail?rid=\(ids["bad_job"]!)",
            "GET /hc/exit/start?rid=\(ids["exit_job"]!)", "GET /hc/exit/fail?rid=\(ids["exit_job"]!)",
            "GET /hc/slow/start?rid=\(ids["slow_job"]!)", "GET /hc/slow/fail?rid=\(ids["slow_job"]!)",
        ]
        #expect(requests.sorted() == expected.sorted())
        #expect(try engine.store.run(id: ids["slow_job"]!)?.status == .timedOut)
        // start goes out before the end of the same run
        for job in ["ok", "bad", "exit", "slow"] {
            let positions = requests.indices.filter { requests[$0].hasPrefix("GET /hc/\(job)/") || requests[$0].hasPrefix("GET /hc/\(job)?") }
            #expect(positions.count == 2 && requests[positions[0]].contains("/start?"))
        }
        #expect(!requests.contains { $0.contains(ids["quiet_job"]!) })
    }

    @Test func aFailingMonitorIsRetriedTwiceAndNeverFailsTheRun() throws {
        let db = try ScheduleDatabase()
        let server = try PingServer { _ in PingServer.Reply(status: 503) }
        defer { server.close() }
        let job = ScriptedJob("ok_job")
        let pinger = try CompletionPinger(
            environment: ["JOBS_PING_URL_OK_JOB": server.url("/hc/down")], registry: JobRegistry([job]),
            logger: quietLogger, options: Self.quickOptions)
        let engine = db.engine([job], workers: 1, observers: [pinger.observe])
        engine.start()
        defer { engine.stop() }
        let id = try engine.trigger(RunRequest(descriptor: job.descriptor, trigger: .http)).run.id
        #expect(try waitUntil { try engine.store.run(id: id)?.status == .succeeded })
        #expect(pinger.waitUntilIdle(timeout: .seconds(10)))
        #expect(server.requests == Array(repeating: "GET /hc/down/start?rid=\(id)", count: 3)
            + Array(repeating: "GET /hc/down?rid=\(id)", count: 3))
    }

    @Test func aSlowMonitorNeverBlocksTheWorkerAndExcessPingsAreDropped() throws {
        let db = try ScheduleDatabase()
        let server = try PingServer { _ in PingServer.Reply(status: 200, delay: 2) }
        defer { server.close() }
        let jobs: [any Job] = [ScriptedJob("a_job"), ScriptedJob("b_job"), ScriptedJob("c_job")]
        let environment = Dictionary(uniqueKeysWithValues: jobs.map {
            (CompletionPinger.variableName(for: $0.descriptor.name), server.url("/hc/\($0.descriptor.name)"))
        })
        let pinger = try CompletionPinger(
            environment: environment, registry: JobRegistry(jobs), logger: quietLogger,
            options: FetchOptions(timeout: .seconds(5), retries: 0), maxPending: 1)
        let engine = db.engine(jobs, workers: 1, observers: [pinger.observe])
        engine.start()
        defer { engine.stop() }
        let clock = ContinuousClock()
        let began = clock.now
        var ids: [String] = []
        for job in jobs {
            ids.append(try engine.trigger(RunRequest(descriptor: job.descriptor, trigger: .http)).run.id)
        }
        #expect(try waitUntil { try ids.allSatisfy { try engine.store.run(id: $0)?.status == .succeeded } })
        #expect(clock.now - began < .milliseconds(1500), "three runs finished while the first ping was still in flight")
        #expect(pinger.waitUntilIdle(timeout: .seconds(10)))
        #expect(server.requests.count == 1, "\(server.requests)")
    }
}
