import JobEngine
import TestSupport
import Testing

/// Requests that schemathesis (scripts/fuzz) found mishandled, kept as regression tests.
@Suite("POST /jobs/{name}: inputs found by schemathesis")
struct TriggerFuzzRegressionTests {
    /// A job with a string option, like the dataset syncs.
    struct DatasetJob: Job {
        let descriptor = JobDescriptor(
            name: "datasets", summary: "takes a dataset key", parameters: [.dataset, .dryRun], defaultSchedule: "0 0 * * *")
        func run(_ context: JobContext) throws -> Int32 { 0 }
    }

    // Found by schemathesis: PostgreSQL's jsonb cannot hold U+0000, so the insert failed and the
    // trigger was answered 503 "database unavailable" (with Retry-After) instead of 400.
    @Test(arguments: [#"{"dataset": "\u0000"}"#, #"{"dataset": "a\u0000b", "dry_run": true}"#])
    func rejectsNULInAStringOptionWith400(body: String) throws {
        let api = try APIHarness(jobs: [DatasetJob()], workers: 0)
        let response = try api.trigger("datasets", body: body)
        #expect(response.status == 400)
        #expect(response.json["error"] as? String == "invalid_parameters")
        #expect((response.json["message"] as? String)?.contains("'dataset'") == true)
        #expect(try api.database.scalar("SELECT count(*) FROM checktick_jobs.runs") == 0)
    }

    @Test func acceptsOtherControlAndNonASCIICharactersInAStringOption() throws {
        let api = try APIHarness(jobs: [DatasetJob()], workers: 0)
        let response = try api.trigger("datasets", body: #"{"dataset": "a\u0001b\u00e9\ud83d\ude00"}"#)
        #expect(response.status == 202)
    }

    // Found by schemathesis: `{"dry_run": null}` is accepted as "option left out"; openapi.yaml now says so.
    @Test func nullOptionIsTheSameAsLeavingItOut() throws {
        let api = try APIHarness(jobs: [DatasetJob()], workers: 0)
        let response = try api.trigger("datasets", body: #"{"dry_run": null, "dataset": null}"#)
        #expect(response.status == 202)
        #expect(try api.database.scalar("SELECT count(*) FROM checktick_jobs.runs WHERE params = '{}'") == 1)
    }
}
