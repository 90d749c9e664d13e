import Foundation
import JobEngine
import Signing
import TestSupport
import Testing

@Suite("Status, health, cancel, metrics and readiness endpoints")
struct StatusAPITests {
    @Test func readEndpointsNeedTheTokenOrASignature() throws {
        let api = try APIHarness(jobs: [SleepJob(seconds: 0)], workers: 0)
        let client = try TestHTTPClient(port: api.port)
        #expect(try client.request("GET", "/jobs").status == 401)
        #expect(try client.request("GET", "/jobs", headers: [("Authorization", "Bearer wrong-token-wrong")]).json["error"] as? String == "invalid_token")
        #expect(try api.read("/jobs").status == 200)
        #expect(try client.request("GET", "/jobs", headers: api.signed()).status == 200)
        #expect(try client.request("GET", "/metrics").status == 401)
    }

    @Test func listsJobsWithFreshnessAndRecentRuns() throws {
        let api = try APIHarness(jobs: [SleepJob(seconds: 0)], workers: 1)
        let triggered = try api.trigger("sleep", query: "?wait=10")
        #expect(triggered.status == 200)
        let list = try api.read("/jobs")
        let jobs = try #require(list.json["jobs"] as? [[String: Any]])
        #expect(jobs.count == 1)
        #expect(jobs[0]["name"] as? String == "sleep")
        #expect(jobs[0]["freshness"] as? String == "fresh")
        #expect(jobs[0]["overlap"] as? String == "queue")
        let job = try api.read("/jobs/sleep?limit=5")
        #expect((job.json["recent_runs"] as? [[String: Any]])?.count == 1)
        #expect(try api.read("/jobs/sleep?limit=0").status == 400)
        #expect(try api.read("/jobs/nope").status == 404)
    }

    @Test func healthIs503UntilTheFirstSuccessThen200() throws {
        let api = try APIHarness(jobs: [SleepJob(seconds: 0)], workers: 1)
        let client = try TestHTTPClient(port: api.port)
        let before = try client.request("GET", "/jobs/sleep/health")
        #expect(before.status == 503)
        #expect(before.json["status"] as? String == "never_run")
        _ = try api.trigger("sleep", query: "?wait=10")
        let after = try client.request("GET", "/jobs/sleep/health")
        #expect(after.status == 200)
        #expect(after.json["status"] as? String == "fresh")
    }

    @Test func showsARunWithOutputAnd404ForUnknownIDs() throws {
        let api = try APIHarness(jobs: [SleepJob(seconds: 0)], workers: 1)
        let triggered = try api.trigger("sleep", query: "?wait=10")
        let id = try #require(triggered.json["run_id"] as? String)
        let run = try api.read("/runs/\(id)")
        #expect(run.status == 200)
        #expect(run.json["status"] as? String == "succeeded")
        #expect((run.json["output"] as? [String])?.isEmpty == false)
        #expect(try api.read("/runs/\(UUID().uuidString)").status == 404)
        #expect(try api.read("/runs/not-a-uuid").status == 404)
    }

    @Test func cancelsAQueuedRunWithASignedRequest() throws {
        let api = try APIHarness(jobs: [SleepJob(seconds: 0)], workers: 0)
        let id = try #require(try api.trigger("sleep").json["run_id"] as? String)
        let client = try TestHTTPClient(port: api.port)
        #expect(try client.request("POST", "/runs/\(id)/cancel").status == 401)
        let cancelled = try client.request("POST", "/runs/\(id)/cancel", headers: api.signed())
        #expect(cancelled.status == 202)
        #expect(cancelled.json["status"] as? String == "cancelled")
        #expect(try client.request("POST", "/runs/\(id)/cancel", headers: api.signed()).status == 409)
    }

    @Test func metricsExposeRequestsAuthFailuresRunsAndQueueDepth() throws {
        let api = try APIHarness(jobs: [SleepJob(seconds: 0)], workers: 1)
        _ = try api.trigger("sleep", query: "?wait=10")
        _ = try TestHTTPClient(port: api.port).request("POST", "/jobs/sleep")
        let metrics = try api.read("/metrics")
        #expect(metrics.status == 200)
        let text = metrics.text
        #expect(text.contains(#"checktick_jobs_http_requests_total{route="/jobs/{name}",status="200"}"#))
        #expect(text.contains(#"checktick_jobs_auth_failures_total{reason="missing_signature"} 1"#))
        #expect(text.contains(#"checktick_jobs_runs_total{job="sleep",status="succeeded"} 1"#))
        #expect(text.contains("checktick_jobs_queue_depth 0"))
        #expect(text.contains(#"checktick_jobs_last_success_timestamp_seconds{job="sleep"}"#))
        #expect(text.contains("checktick_jobs_run_duration_seconds_bucket"))
    }

    @Test func healthzAndReadyz() throws {
        let api = try APIHarness(jobs: [SleepJob(seconds: 0)], workers: 1)
        let client = try TestHTTPClient(port: api.port)
        #expect(try client.request("GET", "/healthz").text == "ok\n")
        #expect(try eventually { try client.request("GET", "/readyz").status == 200 })
        api.engine.beginDraining()
        let draining = try client.request("GET", "/readyz")
        #expect(draining.status == 503)
        #expect((draining.json["message"] as? String) == "draining")
        #expect(try api.trigger("sleep").status == 503)
    }
}
