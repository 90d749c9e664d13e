import FoundationEssentials
import HTTPServer
import JobEngine

/// Read endpoints: jobs, job health, runs, cancel, metrics.
extension JobsAPI {
    /// The read check (`Authorization: Bearer` or a signature over an empty body), on the event loop.
    func readGate(_ request: HTTPRequest) -> HTTPGateResult {
        if case .failure(let rejection) = authenticator.authorizeRead(request) { return .respond(refuse(rejection, request)) }
        return .proceed(request)
    }

    /// `/metrics` is open when no read token is configured.
    func metricsGate(_ request: HTTPRequest) -> HTTPGateResult {
        authenticator.hasReadToken ? readGate(request) : .proceed(request)
    }

    func listJobs(_ request: HTTPRequest) -> HTTPResponse {
        do {
            let states = try engine.store.jobStates(jobs: engine.registry.names)
            let now = self.now()
            let jobs = engine.registry.jobs.map {
                JobView(
                    descriptor: $0.descriptor, state: states[$0.descriptor.name], now: now,
                    schedule: schedule?($0.descriptor.name))
            }
            return .json(body: ["jobs": jobs])
        } catch {
            return storageError(error, request)
        }
    }

    func showJob(_ request: HTTPRequest) -> HTTPResponse {
        let name = request.parameters["name"] ?? ""
        guard let job = engine.registry.job(named: name) else { return engineError(.unknownJob(name), request) }
        var limit = 20
        if let text = request.queryValue("limit") {
            guard let value = Int(text), (1...100).contains(value) else {
                return .error(status: 400, code: "invalid_parameters", message: "limit must be from 1 to 100")
            }
            limit = value
        }
        do {
            let state = try engine.store.jobStates(jobs: [name])[name]
            let runs = try engine.store.recentRuns(job: name, limit: limit)
            return .json(body: JobView(
                descriptor: job.descriptor, state: state, now: now(), schedule: schedule?(name), recentRuns: runs))
        } catch {
            return storageError(error, request)
        }
    }

    func jobHealth(_ request: HTTPRequest) -> HTTPResponse {
        let name = request.parameters["name"] ?? ""
        guard let job = engine.registry.job(named: name) else { return engineError(.unknownJob(name), request) }
        do {
            let state = try engine.store.jobStates(jobs: [name])[name]
            let freshness = (state ?? JobState(job: name, lastRun: nil, lastSuccessAt: nil, lastFinishedFailed: false))
                .freshness(maxAge: job.descriptor.maxAge, now: now())
            struct Health: Encodable {
                let job: String
                let status: String
                let last_success_at: Date?
                let max_age_seconds: Int64
            }
            let body = Health(job: name, status: freshness.rawValue, last_success_at: state?.lastSuccessAt,
                              max_age_seconds: job.descriptor.maxAge.components.seconds)
            return .json(status: freshness == .fresh ? 200 : 503, body: body)
        } catch {
            return storageError(error, request)
        }
    }

    func showRun(_ request: HTTPRequest) -> HTTPResponse {
        do {
            guard let run = try engine.store.run(id: request.parameters["id"] ?? "") else {
                return engineError(.runNotFound, request)
            }
            return .json(body: RunView(run, includeOutput: true), headers: ["X-Run-Status": run.status.rawValue])
        } catch {
            return storageError(error, request)
        }
    }

    func cancelRun(_ request: HTTPRequest) -> HTTPResponse {
        let id = request.parameters["id"] ?? ""
        let job: String?
        do {
            job = try engine.store.run(id: id)?.job
        } catch {
            return storageError(error, request)
        }
        if case .failure(let rejection) = authenticator.authorizeWrite(request, job: job, allowPresigned: false) {
            return refuse(rejection, request)
        }
        guard job != nil else { return engineError(.runNotFound, request) }
        do {
            let run = try engine.store.requestCancel(id: id)
            return .json(status: 202, body: RunView(run, includeOutput: false), headers: ["X-Run-Status": run.status.rawValue])
        } catch {
            return storageError(error, request)
        }
    }

    func metrics(_ request: HTTPRequest) -> HTTPResponse {
        // Gauges that describe the shared database are refreshed at scrape time.
        if let depth = try? engine.store.queueDepth() { engine.metrics.setQueueDepth(depth) }
        if let states = try? engine.store.jobStates(jobs: engine.registry.names) {
            for (job, state) in states {
                if let success = state.lastSuccessAt { engine.metrics.setLastSuccess(job: job, unixSeconds: success.timeIntervalSince1970) }
            }
        }
        return HTTPResponse(status: 200, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
                            body: engine.metrics.render())
    }
}
