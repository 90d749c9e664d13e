/// A parsed head and the framing its headers declare.
struct ParsedHead {
    /// The request line and fields.
    let head: HTTPRequestHead
    /// How the body is delimited.
    let framing: BodyFraming
}
