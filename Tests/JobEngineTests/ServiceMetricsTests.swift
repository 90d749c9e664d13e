import Glibc
import Synchronization
import Testing

@testable import JobEngine

@Suite("ServiceMetrics: per-thread request and auth-failure counts, added up at /metrics")
struct ServiceMetricsTests {
    @Test func addsUpWhatManyThreadsCountedAtOnce() throws {
        let metrics = ServiceMetrics()
        let threads = 12  // more threads than stripes: later threads share stripes
        let perThread = 2_000
        var ids: [pthread_t] = []
        final class Work: @unchecked Sendable {
            let metrics: ServiceMetrics
            let count: Int
            init(metrics: ServiceMetrics, count: Int) { self.metrics = metrics; self.count = count }
        }
        for _ in 0..<threads {
            let work = Unmanaged.passRetained(Work(metrics: metrics, count: perThread)).toOpaque()
            var thread = pthread_t()
            let status = pthread_create(&thread, nil, { raw in
                let work = Unmanaged<Work>.fromOpaque(raw!).takeRetainedValue()
                for index in 0..<work.count {
                    work.metrics.recordRequest(route: "/jobs/{name}", status: index % 2 == 0 ? 401 : 202, seconds: 0.0003)
                    work.metrics.recordAuthFailure(reason: "invalid_signature")
                }
                return nil
            }, work)
            try #require(status == 0)
            ids.append(thread)
        }
        for thread in ids { pthread_join(thread, nil) }
        let text = String(decoding: metrics.render(), as: UTF8.self)
        let total = threads * perThread
        #expect(text.contains(#"checktick_jobs_http_requests_total{route="/jobs/{name}",status="401"} \#(total / 2)"#))
        #expect(text.contains(#"checktick_jobs_http_requests_total{route="/jobs/{name}",status="202"} \#(total / 2)"#))
        #expect(text.contains(#"checktick_jobs_http_request_duration_seconds_count{route="/jobs/{name}"} \#(total)"#))
        // 300 µs: above the 250 µs bucket, inside the 500 µs one (and every bucket after it).
        #expect(text.contains(#"checktick_jobs_http_request_duration_seconds_bucket{route="/jobs/{name}",le="0.00025"} 0"#))
        #expect(text.contains(#"checktick_jobs_http_request_duration_seconds_bucket{route="/jobs/{name}",le="0.0005"} \#(total)"#))
        #expect(text.contains(#"checktick_jobs_http_request_duration_seconds_bucket{route="/jobs/{name}",le="+Inf"} \#(total)"#))
        #expect(text.contains(#"checktick_jobs_http_request_duration_seconds_sum{route="/jobs/{name}"} 7.2\#n"#))
        #expect(text.contains(#"checktick_jobs_auth_failures_total{reason="invalid_signature"} \#(total)"#))
    }

    @Test func writesTheExpositionFormat() {
        let metrics = ServiceMetrics()
        metrics.recordRequest(route: "/healthz", status: 200, seconds: 0.0001)  // on a bound: that bucket
        metrics.recordRequest(route: "/b\"a\\d\nroute", status: 404, seconds: 20)
        let lines = String(decoding: metrics.render(), as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.prefix(4) == [
            "# HELP checktick_jobs_http_requests_total HTTP requests by route pattern and status.",
            "# TYPE checktick_jobs_http_requests_total counter",
            #"checktick_jobs_http_requests_total{route="/b\"a\\d\nroute",status="404"} 1"#,
            #"checktick_jobs_http_requests_total{route="/healthz",status="200"} 1"#,
        ])
        #expect(lines.contains(#"checktick_jobs_http_request_duration_seconds_bucket{route="/healthz",le="0.0001"} 1"#))
        #expect(lines.contains(#"checktick_jobs_http_request_duration_seconds_bucket{route="/b\"a\\d\nroute",le="10.0"} 0"#))
        #expect(lines.contains(#"checktick_jobs_http_request_duration_seconds_bucket{route="/b\"a\\d\nroute",le="+Inf"} 1"#))
        #expect(lines.contains("# TYPE checktick_jobs_http_request_duration_seconds histogram"))
        #expect(!lines.contains { $0.contains("auth_failures") })
    }

    @Test(arguments: [
        (UInt64(100_000), "0.0001"), (250_000, "0.00025"), (1_000_000_000, "1.0"), (2_500_000_000, "2.5"),
        (368_669, "0.000368669"), (0, "0.0"), (10_000_000_000, "10.0"),
    ])
    func writesSecondsExactly(nanos: UInt64, text: String) {
        #expect(ServiceMetrics.seconds(nanos) == text)
    }

    @Test func givesEachOfTheFirstThreadsItsOwnStripe() throws {
        final class Seen: Sendable {
            let stripes = Mutex<[Int]>([])
        }
        let seen = Seen()
        var ids: [pthread_t] = []
        for _ in 0..<4 {
            var thread = pthread_t()
            let raw = Unmanaged.passRetained(seen).toOpaque()
            try #require(pthread_create(&thread, nil, { raw in
                let seen = Unmanaged<Seen>.fromOpaque(raw!).takeRetainedValue()
                let first = ThreadStripe.current
                precondition(ThreadStripe.current == first, "a thread's stripe changed")
                seen.stripes.withLock { $0.append(first) }
                return nil
            }, raw) == 0)
            ids.append(thread)
        }
        for thread in ids { pthread_join(thread, nil) }
        let stripes = seen.stripes.withLock { $0 }
        #expect(Set(stripes).count == 4)
        #expect(stripes.allSatisfy { (0..<ThreadStripe.count).contains($0) })
    }
}
