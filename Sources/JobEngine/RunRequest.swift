import FoundationEssentials

/// A request to run a job, before it is stored.
public struct RunRequest: Sendable {
    /// The job.
    public var descriptor: JobDescriptor
    /// Validated options.
    public var parameters: JobParameters
    /// Who asks.
    public var trigger: RunTrigger
    /// `webhook-id` or `Idempotency-Key`; a repeat returns the first run.
    public var idempotencyKey: String?
    /// The HTTP request id, for tracing.
    public var requestID: String?
    /// The scheduler slot, for scheduled runs (unique per job).
    public var scheduledFor: Date?

    /// Creates a request.
    public init(
        descriptor: JobDescriptor, parameters: JobParameters = .none, trigger: RunTrigger,
        idempotencyKey: String? = nil, requestID: String? = nil, scheduledFor: Date? = nil
    ) {
        self.descriptor = descriptor
        self.parameters = parameters
        self.trigger = trigger
        self.idempotencyKey = idempotencyKey
        self.requestID = requestID
        self.scheduledFor = scheduledFor
    }
}
