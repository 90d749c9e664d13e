import Dispatch
import Foundation
import JobEngine
import Signing
import Synchronization
import TestSupport
import Testing

@Suite("POST /jobs/{name}: authentication, validation, durable acknowledgement")
struct TriggerAPITests {
    @Test func acceptsASignedTriggerWith202AndLocation() throws {
        let api = try APIHarness(jobs: [SleepJob(seconds: 0)], workers: 0)
        let response = try api.trigger("sleep", body: #"{"dry_run": true}"#)
        #expect(response.status == 202)
        let runID = try #require(response.json["run_id"] as? String)
        #expect(response.headers["location"] == "/runs/\(runID)")
        #expect(response.headers["x-run-status"] == "queued")
        #expect(response.json["status"] as? String == "queued")
        #expect(try api.database.scalar("SELECT count(*) FROM checktick_jobs.runs WHERE params = '{\"dry_run\": true}'") == 1)
    }

    @Test func repeatedWebhookIDReturnsTheOriginalRun() throws {
        let api = try APIHarness(jobs: [SleepJob(seconds: 0, overlap: .allow)], workers: 0)
        let first = try api.trigger("sleep", id: "msg_same")
        let second = try api.trigger("sleep", id: "msg_same")
        #expect(first.status == 202)
        #expect(second.status == 200)
        #expect(second.json["deduplicated"] as? Bool == true)
        #expect(second.json["run_id"] as? String == first.json["run_id"] as? String)
        #expect(try api.database.scalar("SELECT count(*) FROM checktick_jobs.runs") == 1)
    }

    @Test func concurrentTriggersOfAnAllowJobAreStoredWithoutHandlerThreads() throws {
        let api = try APIHarness(jobs: [SleepJob(seconds: 0, overlap: .allow)], workers: 0, queueCapacity: 1000)
        _ = try api.trigger("sleep")  // the queue is counted once: later triggers may share batched inserts
        let responses = Mutex<[Int: TestHTTPClient.Response]>([:])
        let group = DispatchGroup()
        for index in 0..<40 {
            group.enter()
            Thread {
                if let response = try? api.trigger("sleep", id: "msg_batch_\(index)") {
                    responses.withLock { $0[index] = response }
                }
                group.leave()
            }.start()
        }
        #expect(group.wait(timeout: .now() + 30) == .success)
        let all = responses.withLock { $0 }
        #expect(all.count == 40)
        var ids = Set<String>()
        for (_, response) in all {
            #expect(response.status == 202)
            let runID = try #require(response.json["run_id"] as? String)
            #expect(response.headers["location"] == "/runs/\(runID)")
            #expect(response.json["status_url"] as? String == "/runs/\(runID)")
            #expect(response.json["job"] as? String == "sleep")
            ids.insert(runID)
        }
        #expect(ids.count == 40)
        #expect(try api.database.scalar("SELECT count(*) FROM checktick_jobs.runs") == 41)
        // A repeat is answered from the table, the next one from memory, and one after that memory has
        // expired from the table again: the same run each time.
        let original = try #require(all[7]?.json["run_id"] as? String)
        for pause in [0.0, 0.0, 1.2] {
            Thread.sleep(forTimeInterval: pause)
            let repeated = try api.trigger("sleep", id: "msg_batch_7")
            #expect(repeated.status == 200)
            #expect(repeated.json["deduplicated"] as? Bool == true)
            #expect(repeated.json["run_id"] as? String == original)
        }
        #expect(try api.database.scalar("SELECT count(*) FROM checktick_jobs.runs") == 41)
    }

    @Test func aRepeatedAnswerFollowsTheRunOnceItChanges() throws {
        let api = try APIHarness(jobs: [SleepJob(seconds: 0, overlap: .allow)], workers: 0)
        let first = try api.trigger("sleep", id: "msg_changes")
        let runID = try #require(first.json["run_id"] as? String)
        let before = try api.trigger("sleep", id: "msg_changes")
        let again = try api.trigger("sleep", id: "msg_changes")
        #expect(before.status == 200 && again.status == 200)
        #expect(before.body == again.body, "the same record gives the same bytes")
        #expect((before.json["run"] as? [String: Any])?["status"] as? String == "queued")
        _ = try api.engine.store.requestCancel(id: runID)  // a queued run is cancelled at once
        Thread.sleep(forTimeInterval: 1.2)  // past the engine's one-second memory of the key
        let after = try api.trigger("sleep", id: "msg_changes")
        #expect(after.status == 200)
        #expect(after.headers["x-run-status"] == "cancelled")
        #expect((after.json["run"] as? [String: Any])?["status"] as? String == "cancelled")
        #expect(after.json["run_id"] as? String == runID)
    }

    @Test func coalescesIntoTheWaitingRun() throws {
        let api = try APIHarness(jobs: [SleepJob(seconds: 0)], workers: 0)
        let first = try api.trigger("sleep")
        let second = try api.trigger("sleep")
        #expect(second.status == 200)
        #expect(second.json["coalesced"] as? Bool == true)
        #expect(second.json["run_id"] as? String == first.json["run_id"] as? String)
    }

    @Test func forbidPolicyAnswers409WithTheActiveRun() throws {
        let api = try APIHarness(jobs: [SleepJob(seconds: 0, overlap: .forbid)], workers: 0)
        let first = try api.trigger("sleep")
        let second = try api.trigger("sleep")
        #expect(second.status == 409)
        #expect(second.json["error"] as? String == "job_running")
        #expect(second.json["run_id"] as? String == first.json["run_id"] as? String)
    }

    @Test func returns503WithRetryAfterWhenQueueIsFull() throws {
        let api = try APIHarness(jobs: [SleepJob(seconds: 0, overlap: .allow)], workers: 0, queueCapacity: 2)
        _ = try api.trigger("sleep")
        _ = try api.trigger("sleep")
        let third = try api.trigger("sleep")
        #expect(third.status == 503)
        #expect(third.headers["retry-after"] != nil)
        #expect(third.json["error"] as? String == "queue_full")
    }

    @Test(arguments: [
        (#"{"force": true}"#, "force"), (#"{"dry_run": "yes"}"#, "dry_run"), ("[1,2]", "object"), ("{oops", "JSON"),
    ])
    func rejectsBadParametersWith400NamingTheKey(body: String, mentioned: String) throws {
        let api = try APIHarness(jobs: [SleepJob(seconds: 0)], workers: 0)
        let response = try api.trigger("sleep", body: body)
        #expect(response.status == 400)
        #expect(response.json["error"] as? String == "invalid_parameters")
        #expect((response.json["message"] as? String)?.contains(mentioned) == true)
        #expect(try api.database.scalar("SELECT count(*) FROM checktick_jobs.runs") == 0)
    }

    @Test func unknownJobIs404OnlyAfterAuthentication() throws {
        let api = try APIHarness(jobs: [SleepJob(seconds: 0)], workers: 0)
        #expect(try api.trigger("nope").status == 404)
        let unsigned = try TestHTTPClient(port: api.port).request("POST", "/jobs/nope")
        #expect(unsigned.status == 401)
    }

    @Test func refusesMissingBadAndStaleSignatures() throws {
        let api = try APIHarness(jobs: [SleepJob(seconds: 0)], workers: 0)
        let client = try TestHTTPClient(port: api.port)
        let missing = try client.request("POST", "/jobs/sleep")
        #expect(missing.status == 401)
        #expect(missing.json["error"] as? String == "missing_signature")
        var headers = api.signed("{}")
        headers[2].1 = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
        let bad = try client.request("POST", "/jobs/sleep", headers: headers, body: Array("{}".utf8))
        #expect(bad.status == 401)
        #expect(bad.json["error"] as? String == "invalid_signature")
        let stale = try client.request(
            "POST", "/jobs/sleep", headers: api.signed("{}", timestamp: api.now - 301), body: Array("{}".utf8))
        #expect(stale.json["error"] as? String == "timestamp_out_of_tolerance")
        let altered = try client.request("POST", "/jobs/sleep", headers: api.signed("{}"), body: Array("{ }".utf8))
        #expect(altered.json["error"] as? String == "invalid_signature")
        // Nothing in any response echoes a signature or the secret.
        for response in [missing, bad, stale, altered] {
            #expect(!response.text.contains("v1,"))
            #expect(!response.text.contains("whsec_"))
        }
        #expect(try api.database.scalar("SELECT count(*) FROM checktick_jobs.runs") == 0)
    }

    @Test func restrictedKeyMayOnlyTriggerItsJobs() throws {
        let api = try APIHarness(jobs: [SleepJob(seconds: 0), FailJob()], workers: 0)
        let client = try TestHTTPClient(port: api.port)
        let allowed = try client.request("POST", "/jobs/sleep", headers: api.signed(key: api.restricted))
        #expect(allowed.status == 202)
        let denied = try client.request("POST", "/jobs/fail", headers: api.signed(key: api.restricted))
        #expect(denied.status == 401)
        #expect(denied.json["error"] as? String == "job_not_allowed_for_key")
    }

    @Test func waitReturns200OnSuccessAnd500OnFailure() throws {
        let api = try APIHarness(jobs: [SleepJob(seconds: 0.05), FailJob()], workers: 1)
        let ok = try api.trigger("sleep", query: "?wait=10")
        #expect(ok.status == 200)
        #expect(ok.headers["x-run-status"] == "succeeded")
        let run = try #require(ok.json["run"] as? [String: Any])
        #expect((run["output"] as? [String])?.first?.hasPrefix("sleeping") == true)
        let failed = try api.trigger("fail", query: "?wait=10")
        #expect(failed.status == 500)
        #expect(failed.json["error"] as? String == "run_failed")
        #expect(failed.headers["x-run-status"] == "failed")
        let badWait = try api.trigger("sleep", query: "?wait=61")
        #expect(badWait.status == 400)
    }

    @Test func waitAnswers202WhenTheRunIsStillGoing() throws {
        let api = try APIHarness(jobs: [SleepJob(seconds: 5)], workers: 1)
        let response = try api.trigger("sleep", query: "?wait=1")
        #expect(response.status == 202)
        #expect(response.headers["x-run-status"] == "running" || response.headers["x-run-status"] == "queued")
    }

    @Test func presignedURLTriggersWithinItsRateLimitAndExpires() throws {
        let api = try APIHarness(jobs: [SleepJob(seconds: 0, overlap: .allow)], workers: 0, presignedInterval: 60)
        let path = try PresignedURL.sign(job: "sleep", expires: api.now + 3600, secret: api.secret)
        let client = try TestHTTPClient(port: api.port)
        let first = try client.request("POST", path)
        #expect(first.status == 202)
        let replay = try client.request("POST", path)
        #expect(replay.status == 200)
        #expect(replay.json["coalesced"] as? Bool == true)
        #expect(try api.database.scalar("SELECT count(*) FROM checktick_jobs.runs WHERE trigger = 'presigned'") == 1)
        let expired = try PresignedURL.sign(job: "sleep", expires: api.now - 1, secret: api.secret)
        #expect(try client.request("POST", expired).json["error"] as? String == "url_expired")
        let otherJob = path.replacingOccurrences(of: "/jobs/sleep", with: "/jobs/fail")
        #expect(try client.request("POST", otherJob).status == 401)
        let tampered = path.replacingOccurrences(of: "expires=", with: "expires=1")
        #expect(try client.request("POST", tampered).json["error"] as? String == "invalid_signature")
    }
}
