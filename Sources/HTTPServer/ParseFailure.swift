/// Why a request was rejected: the status to answer and a constant reason.
struct ParseFailure: Error {
    /// The status to answer with.
    let status: Int
    /// A short constant phrase, safe to send to the client.
    let reason: StaticString
}
