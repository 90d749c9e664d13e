import CLibXML2

/// A parsed HTML page (libxml2's HTML parser in recovery mode); owns the `xmlDoc` and frees it once.
///
/// Not thread-safe: create, query and drop it on one thread.
final class HTMLDocument {
    /// Node types as plain integers (libxml2's enum values).
    private static let elementNode: UInt32 = XML_ELEMENT_NODE.rawValue
    private static let textNode: UInt32 = XML_TEXT_NODE.rawValue
    private static let cdataNode: UInt32 = XML_CDATA_SECTION_NODE.rawValue

    /// One-time libxml2 set-up (thread-safe initialisation of the library's globals).
    private static let initialised: Bool = {
        xmlInitParser()
        return true
    }()

    /// The document; freed in deinit.
    private let document: htmlDocPtr

    /// Parses `bytes` (any encoding libxml2 detects; invalid bytes are recovered from). Nil when nothing parses.
    init?(bytes: [UInt8]) {
        _ = Self.initialised
        guard !bytes.isEmpty, bytes.count <= Int(Int32.max) else { return nil }
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlReadMemory(chars.baseAddress, Int32(chars.count), nil, nil, options)
            }
        }
        guard let parsed else { return nil }
        document = parsed
    }

    deinit {
        xmlFreeDoc(document)
    }

    /// Element nodes matching an XPath expression, in document order, relative to `context` (or the document).
    func select(_ expression: String, in context: HTMLNode? = nil) -> [HTMLNode] {
        guard let xpath = xmlXPathNewContext(document) else { return [] }
        defer { xmlXPathFreeContext(xpath) }
        if let context { xpath.pointee.node = context.pointer }
        guard let result = expression.withCString({ text in
            text.withMemoryRebound(to: xmlChar.self, capacity: expression.utf8.count + 1) {
                xmlXPathEvalExpression($0, xpath)
            }
        }) else { return [] }
        defer { xmlXPathFreeObject(result) }
        guard result.pointee.type == XPATH_NODESET, let set = result.pointee.nodesetval else { return [] }
        let count = Int(set.pointee.nodeNr)
        guard count > 0, let table = set.pointee.nodeTab else { return [] }
        var nodes: [HTMLNode] = []
        nodes.reserveCapacity(count)
        for index in 0..<count {
            if let node = table[index], node.pointee.type.rawValue == Self.elementNode {
                nodes.append(HTMLNode(pointer: node))
            }
        }
        return nodes
    }

    /// The element's text: text nodes joined as they stand (so inline markup keeps its surrounding spaces),
    /// a space at block boundaries, whitespace runs collapsed to one space, trimmed.
    ///
    /// Walks the subtree without recursion, so a deeply nested page cannot exhaust the stack.
    func text(of element: HTMLNode) -> String {
        var bytes: [UInt8] = []
        let root = element.pointer
        var node: xmlNodePtr? = root.pointee.children
        while let current = node {
            let type = current.pointee.type.rawValue
            if type == Self.textNode || type == Self.cdataNode, let content = current.pointee.content {
                var cursor = content
                while cursor.pointee != 0 {
                    bytes.append(cursor.pointee)
                    cursor += 1
                }
            } else if type == Self.elementNode, Self.isBlock(current) {
                bytes.append(0x20)
            }
            if type == Self.elementNode, let child = current.pointee.children {
                node = child
                continue
            }
            node = Self.next(after: current, within: root) { finished in
                if Self.isBlock(finished) { bytes.append(0x20) }
            }
        }
        return Self.collapseWhitespace(String(decoding: bytes, as: UTF8.self))
    }

    /// The next node in document order after `node`'s subtree, staying inside `root`; `leaving` sees each
    /// element whose subtree is finished.
    private static func next(after node: xmlNodePtr, within root: xmlNodePtr, leaving: (xmlNodePtr) -> Void) -> xmlNodePtr? {
        var current = node
        while true {
            if current.pointee.type.rawValue == elementNode, current != node || current.pointee.children != nil {
                leaving(current)
            }
            if let sibling = current.pointee.next { return sibling }
            guard let parent = current.pointee.parent, parent != root else { return nil }
            current = parent
        }
    }

    /// Elements that separate words when rendered (inline ones such as `a`, `span`, `em` do not).
    private static let blockNames: Set<String> = [
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
        "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    ]

    private static func isBlock(_ node: xmlNodePtr) -> Bool {
        guard node.pointee.type.rawValue == elementNode, let name = node.pointee.name else { return false }
        return blockNames.contains(String(cString: name).lowercased())
    }

    /// Runs of Unicode whitespace become one space; leading and trailing whitespace goes.
    static func collapseWhitespace(_ text: String) -> String {
        var out = ""
        var pendingSpace = false
        for character in text {
            if character.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(character)
        }
        return out
    }
}
