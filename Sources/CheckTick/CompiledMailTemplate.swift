import Ink
import Mustache

/// A Markdown mail template whose HTML part Ink converted once, at start-up: a message then costs one
/// substitution of its `{{name}}` variables into the text and into the HTML, instead of an Ink parse.
///
/// Substituting after the conversion gives the bytes Ink would have produced from the substituted
/// Markdown only when a value means nothing to Ink (see `isInert`) and joins no grapheme with the template
/// around it. `render` returns nil for any other message, and the caller renders it with Mustache and Ink
/// as before. Only templates made of plain variables qualify (no sections, partials or unescaped tags),
/// so the substitution is exactly Mustache's: values verbatim in the text, HTML-escaped in the HTML.
struct CompiledMailTemplate: Sendable {
    /// One distinct variable and the places it stands in.
    struct Slot: Sendable {
        /// The Mustache variable.
        let name: String
        /// The placeholder that stood for it while Ink converted the template.
        let token: String
        /// The template characters just before and after each occurrence (empty at either end).
        var neighbours: [(before: String, after: String)] = []
        /// True when an occurrence is inside a link destination `](…)`, where Ink balances parentheses.
        var inLinkDestination = false

        /// True when every neighbour is ASCII.
        var neighboursAreASCII: Bool {
            neighbours.allSatisfy { $0.before.utf8.allSatisfy { $0 < 0x80 } && $0.after.utf8.allSatisfy { $0 < 0x80 } }
        }
    }

    /// Literal text followed by a variable's value (`slot` indexes `slots`; nil only for the last piece).
    struct Piece: Sendable {
        /// The template text before the value.
        let literal: String
        /// Whose value follows.
        let slot: Int?
    }

    /// Marks the placeholders; a template that contains it is not converted ahead.
    private static let tokenPrefix = "CTJSLOT"

    /// The variables.
    let slots: [Slot]
    /// The text part: the Markdown split at its variables.
    private let text: [Piece]
    /// The HTML part: Ink's output split at the placeholders.
    private let html: [Piece]

    /// Converts `markdown` with Ink once. Nil when the template uses Mustache beyond plain `{{name}}`
    /// variables or starts a line with one, or when a probe message rendered here differs from `reference`
    /// (the same template through Mustache and Ink): the caller then always takes that path.
    init?(markdown: String, reference: (_ values: [String: String]) -> (text: String, html: String)) {
        guard !markdown.contains(Self.tokenPrefix), let (text, slots) = Self.split(markdown) else { return nil }
        let tokenized = text.map { $0.literal + ($0.slot.map { slots[$0].token } ?? "") }.joined()
        var html: [Piece] = []
        var rest = Substring(MarkdownParser().html(from: tokenized))
        while let (range, slot) = Self.firstToken(in: rest, slots: slots) {
            html.append(Piece(literal: String(rest[..<range.lowerBound]), slot: slot))
            rest = rest[range.upperBound...]
        }
        html.append(Piece(literal: String(rest), slot: nil))
        guard html.count == text.count else { return nil }
        self.slots = slots
        self.text = text
        self.html = html

        // Every kind of character a value may hold, so that a template construct that reads them differently
        // (a URL declaration, say) shows up here rather than in a message.
        let probe = Dictionary(
            uniqueKeysWithValues: slots.enumerated().map { index, slot in
                let common = "\(index) é&'<x>\"!y-z.:"
                return (slot.name, slot.inLinkDestination ? "probe-\(common)" : "Probe (value) \(common)")
            })
        guard let rendered = render(probe), rendered == reference(probe) else { return nil }
    }

    /// The text and HTML bodies for `context`, or nil when a value must go through Ink.
    func render(_ context: [String: String]) -> (text: String, html: String)? {
        var raw: [String] = []
        var escaped: [String] = []
        raw.reserveCapacity(slots.count)
        escaped.reserveCapacity(slots.count)
        for slot in slots {
            guard let value = context[slot.name], Self.isInert(value, inLinkDestination: slot.inLinkDestination)
            else { return nil }
            let html = Self.escapeHTML(value)
            // ASCII next to ASCII never forms one grapheme (CR LF aside, and values hold no control character).
            if !(slot.neighboursAreASCII && value.utf8.allSatisfy({ $0 < 0x80 })) {
                for (before, after) in slot.neighbours
                where (before + html + after).count != before.count + html.count + after.count {
                    return nil
                }
            }
            raw.append(value)
            escaped.append(html)
        }
        return (Self.join(text, values: raw), Self.join(html, values: escaped))
    }

    /// Mustache's HTML escaping (the same five characters, per Character as `MailRenderer.escapeHTML`);
    /// a value without any of them is returned as is.
    static func escapeHTML(_ value: String) -> String {
        let special: (UInt8) -> Bool = {
            $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"")
                || $0 == UInt8(ascii: "'")
        }
        return value.utf8.contains(where: special) ? MailRenderer.escapeHTML(value) : value
    }

    /// True when Ink reads `value` as plain text wherever the template puts it: no emphasis, code, link,
    /// escape, table or heading character, no `!` last, single inner spaces and no other whitespace.
    static func isInert(_ value: String, inLinkDestination: Bool) -> Bool {
        guard let first = value.utf8.first, let last = value.utf8.last, first != 0x20, last != 0x20,
            last != UInt8(ascii: "!")
        else { return false }
        var previousWasSpace = false
        for byte in value.utf8 {
            switch byte {
            case 0x20:
                if previousWasSpace { return false }
                previousWasSpace = true
                continue
            case 0x00...0x1F, 0x7F, UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "`"),
                UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "\\"), UInt8(ascii: "|"), UInt8(ascii: "#"):
                return false
            case UInt8(ascii: "("), UInt8(ascii: ")"):
                if inLinkDestination { return false }
            default:
                break
            }
            previousWasSpace = false
        }
        // Beyond ASCII, Unicode whitespace (no-break spaces, line separators) changes how Ink reads the line.
        return value.utf8.allSatisfy { $0 < 0x80 } || !value.contains { $0.isWhitespace && $0 != " " }
    }

    /// Concatenates the pieces with the values in between.
    private static func join(_ pieces: [Piece], values: [String]) -> String {
        var output = ""
        output.reserveCapacity(
            pieces.reduce(0) { $0 + $1.literal.utf8.count } + values.reduce(0) { $0 + 2 * $1.utf8.count })
        for piece in pieces {
            output += piece.literal
            if let slot = piece.slot { output += values[slot] }
        }
        return output
    }

    /// Splits the Markdown at its `{{name}}` variables; nil when it holds any other Mustache construct
    /// or a variable that begins a line.
    private static func split(_ markdown: String) -> ([Piece], [Slot])? {
        var slots: [Slot] = []
        var pieces: [Piece] = []
        var line = Substring("")
        var rest = Substring(markdown)
        while let open = rest.firstRange(of: "{{") {
            let literal = rest[..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.firstRange(of: "}}") else { return nil }
            let name = String(afterOpen[..<close.lowerBound])
            guard isVariableName(name) else { return nil }
            line = literal.lastIndex(of: "\n").map { literal[literal.index(after: $0)...] } ?? line + literal
            guard line.contains(where: { !$0.isWhitespace }) else { return nil }
            let index = slots.firstIndex { $0.name == name } ?? slots.count
            if index == slots.count { slots.append(Slot(name: name, token: "\(tokenPrefix)\(index)X")) }
            let after = afterOpen[close.upperBound...]
            // The character before is the previous value's when two variables touch: compare with its token.
            let before = literal.last.map { String($0) } ?? pieces.last.flatMap { $0.slot.map { _ in "X" } } ?? ""
            slots[index].neighbours.append((before: before, after: after.first.map { String($0) } ?? ""))
            if let destination = line.ranges(of: "](").last, !line[destination.upperBound...].contains(")") {
                slots[index].inLinkDestination = true
            }
            pieces.append(Piece(literal: String(literal), slot: index))
            line += slots[index].token
            rest = after
        }
        pieces.append(Piece(literal: String(rest), slot: nil))
        return (pieces, slots)
    }

    /// The earliest placeholder in `text` and whose it is.
    private static func firstToken(in text: Substring, slots: [Slot]) -> (Range<Substring.Index>, Int)? {
        slots.indices.compactMap { index in text.firstRange(of: slots[index].token).map { ($0, index) } }
            .min { $0.0.lowerBound < $1.0.lowerBound }
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`: a plain Mustache variable.
    private static func isVariableName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            return false
        }
        return name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
        }
    }
}
