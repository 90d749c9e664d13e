import HTTPServer
import Testing

@testable import JobsAPI

@Suite("The 202 trigger body written without the encoder")
struct TriggerViewTests {
    @Test(arguments: ["process_data_governance", "odd \"job\"\\name\u{1}", "ünïcode"])
    func directBodyIsWhatTheEncoderWrites(job: String) throws {
        let view = TriggerView(
            run_id: "0b6a3f3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b", job: job, status: "queued",
            status_url: "/runs/0b6a3f3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b", deduplicated: nil, coalesced: nil, run: nil)
        let encoded = try HTTPResponse.makeJSONEncoder().encode(view)
        #expect(try #require(view.directBody()) == Array(encoded))
    }

    @Test func answersWithFlagsOrARunAreLeftToTheEncoder() {
        let view = TriggerView(
            run_id: "r", job: "j", status: "queued", status_url: "/runs/r", deduplicated: true, coalesced: nil, run: nil)
        #expect(view.directBody() == nil)
    }
}
