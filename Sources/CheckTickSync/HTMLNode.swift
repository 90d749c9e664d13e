import CLibXML2

/// An element inside an `HTMLDocument`; valid only while that document is alive.
struct HTMLNode {
    /// The libxml2 node.
    let pointer: xmlNodePtr
}
