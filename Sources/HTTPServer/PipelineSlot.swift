/// One place in a connection's ordered list of responses; `response` is nil while a
/// `.blocking` handler still works on it.
struct PipelineSlot {
    /// The slot's number within its connection.
    let id: UInt64
    /// How to frame, log and report the response.
    let context: ResponseContext
    /// The response, once ready.
    var response: HTTPResponse?
}
