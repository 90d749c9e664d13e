import FoundationEssentials
import Glibc
import HTTPServer
import JobEngine

/// `POST /jobs/{name}`: authenticate, validate, store durably, answer (optionally after waiting).
extension JobsAPI {
    /// Runs on the event loop: authentication, job lookup and option validation, all without I/O, so a
    /// refused trigger never costs a thread hop. What the handler needs travels in `attributes`.
    func triggerGate(_ request: HTTPRequest) -> HTTPGateResult {
        let name = request.parameters["name"] ?? ""
        // 1. authenticate before anything else (an unknown job is 404 only after auth)
        let grant: Authenticator.Grant
        switch authenticator.authorizeWrite(request, job: name, allowPresigned: true) {
        case .success(let value): grant = value
        case .failure(let rejection): return .respond(refuse(rejection, request))
        }
        guard let job = engine.registry.job(named: name) else {
            return .respond(engineError(.unknownJob(name), request))
        }
        // 2. options: JSON body for signed calls; presigned URLs run the job with its defaults
        let parameters: JobParameters
        let wait: Int
        let key: String?
        let trigger: RunTrigger
        switch grant {
        case .webhook(let id, _):
            var seconds = 0
            if let text = request.queryValue("wait") {
                guard let value = Int(text), (0...Self.maxWaitSeconds).contains(value) else {
                    return .respond(.error(
                        status: 400, code: "invalid_parameters",
                        message: "wait must be a whole number of seconds from 0 to \(Self.maxWaitSeconds)"))
                }
                seconds = value
            }
            if let unknown = request.queryItems.first(where: { $0.name != "wait" }) {
                return .respond(.error(
                    status: 400, code: "invalid_parameters", message: "unknown query parameter '\(unknown.name.prefix(32))'"))
            }
            do {
                parameters = try JobParameters.parse(json: request.body, for: job.descriptor)
            } catch {
                return .respond(engineError(error, request))
            }
            if let name = Self.parameterWithNUL(parameters) {
                return .respond(.error(
                    status: 400, code: "invalid_parameters", message: "parameter '\(name)' must not contain NUL characters"))
            }
            wait = seconds
            key = "webhook:" + id
            trigger = .http
        case .presigned:
            // The URL can be replayed by anyone who sees it: one accepted run per job per interval.
            parameters = .none
            wait = 0
            key = presignedMinInterval > 0
                ? "presigned:\(name):\(Int64(now().timeIntervalSince1970) / presignedMinInterval)" : nil
            trigger = .presigned
        }
        let runRequest = RunRequest(
            descriptor: job.descriptor, parameters: parameters, trigger: trigger, idempotencyKey: key,
            requestID: request.requestID)
        // 3. a trigger that does not wait is stored without a handler thread: a key resolved moments ago is
        //    answered now, a plain one joins the next batched insert and is answered once it is committed
        if wait == 0 {
            if let outcome = engine.cachedOutcome(runRequest) {
                return .respond(answer(outcome, trigger: trigger, wait: 0))
            }
            if engine.prefersBatch(runRequest) {
                return .deferred { [self] responder in
                    engine.submitTrigger(runRequest) { result in
                        switch result {
                        case .success(let outcome): responder.respond(answer(outcome, trigger: trigger, wait: 0))
                        case .failure(let error): responder.respond(engineError(error, request))
                        }
                    }
                }
            }
        }
        // 4. otherwise the handler pool stores it (the exact path may take several statements) and waits
        var passed = request
        passed.attributes["params"] = parameters.jsonText
        passed.attributes["wait"] = String(wait)
        passed.attributes["trigger"] = trigger.rawValue
        if let key { passed.attributes["key"] = key }
        return .proceed(passed)
    }

    /// The run request a gated trigger carries in its attributes.
    private func runRequest(_ request: HTTPRequest, job: any Job) -> RunRequest? {
        guard let trigger = request.attributes["trigger"].flatMap(RunTrigger.init(rawValue:)),
              let parameters = try? JobParameters.parse(json: Array((request.attributes["params"] ?? "").utf8), for: job.descriptor)
        else { return nil }
        return RunRequest(
            descriptor: job.descriptor, parameters: parameters, trigger: trigger,
            idempotencyKey: request.attributes["key"], requestID: request.requestID)
    }

    /// Runs on the handler pool after `triggerGate` let the request through: stores the run (committed
    /// before the answer) and optionally waits for it.
    func trigger(_ request: HTTPRequest) -> HTTPResponse {
        let name = request.parameters["name"] ?? ""
        guard let job = engine.registry.job(named: name), let runRequest = runRequest(request, job: job) else {
            return .error(status: 500, code: "internal_error", message: "the trigger was not validated")
        }
        do {
            return answer(try engine.trigger(runRequest), trigger: runRequest.trigger,
                          wait: Int(request.attributes["wait"] ?? "0") ?? 0)
        } catch {
            return engineError(error, request)
        }
    }

    /// The answer to a stored trigger; with `wait` > 0 it first waits (blocking) for the run to finish.
    private func answer(_ outcome: EnqueueOutcome, trigger: RunTrigger, wait: Int) -> HTTPResponse {
        var run = outcome.run
        var status: Int
        var deduplicated: Bool?
        var coalesced: Bool?
        switch outcome {
        case .created: status = 202
        case .deduplicated:
            status = 200
            if trigger == .presigned { coalesced = true } else { deduplicated = true }
        case .coalesced:
            status = 200
            coalesced = true
        }
        if wait > 0 {
            run = waitForRun(run, seconds: wait)
            if run.status.isFinished {
                status = run.status == .succeeded ? 200 : 500
            } else if status == 200 {
                status = 202
            }
        }
        var headers: HTTPHeaders = ["X-Run-Status": run.status.rawValue]
        if status == 202 || outcome.isCreated { headers["Location"] = "/runs/\(run.id)" }
        if status == 500 {
            let message = "run \(run.id) ended with status \(run.status.rawValue)"
            return .json(status: 500, body: RunFailedView(message: message, run: RunView(run, includeOutput: true)),
                         headers: headers)
        }
        let cacheable = wait == 0 && status == 200
        if cacheable, let bytes = answers.body(for: run, coalesced: coalesced == true) {
            return .json(status: status, bytes: bytes, headers: headers)
        }
        let body = TriggerView(
            run_id: run.id, job: run.job, status: run.status.rawValue, status_url: "/runs/\(run.id)",
            deduplicated: deduplicated, coalesced: coalesced,
            run: (wait > 0 || status == 200) ? RunView(run, includeOutput: wait > 0) : nil)
        if let bytes = body.directBody() { return .json(status: status, bytes: bytes, headers: headers) }
        let response = HTTPResponse.json(status: status, body: body, headers: headers)
        if cacheable && response.status == 200 { answers.store(response.body, for: run, coalesced: coalesced == true) }
        return response
    }

    /// The first string option holding U+0000, which PostgreSQL cannot store in `jsonb` (found by
    /// schemathesis: `{"dataset": "\u0000"}` was a 503 "database unavailable" instead of a 400).
    static func parameterWithNUL(_ parameters: JobParameters) -> String? {
        parameters.values.keys.sorted().first { key in
            if case .string(let text)? = parameters.values[key] { return text.utf8.contains(0) }
            return false
        }
    }

    /// Polls the run until it is finished or `seconds` pass (works whichever replica runs it).
    private func waitForRun(_ run: RunRecord, seconds: Int) -> RunRecord {
        let end = ContinuousClock.now + .seconds(seconds)
        var delay = Duration.milliseconds(20)
        var latest = run
        while ContinuousClock.now < end {
            if let fresh = try? engine.store.run(id: run.id) {
                latest = fresh
                if fresh.status.isFinished { return fresh }
            }
            let (secondsPart, attoseconds) = delay.components
            var pause = timespec(tv_sec: Int(secondsPart), tv_nsec: Int(attoseconds / 1_000_000_000))
            nanosleep(&pause, nil)
            delay = min(delay * 2, .milliseconds(500))
        }
        return latest
    }
}

extension EnqueueOutcome {
    /// Whether the trigger created a new run.
    var isCreated: Bool {
        if case .created = self { return true }
        return false
    }
}
