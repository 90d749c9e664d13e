import Ink
import Mustache

/// Renders a Markdown mail template (Mustache syntax) into a plain-text part and a branded HTML part.
struct MailRenderer: Sendable {
    /// `BRAND_TITLE`.
    let brandTitle: String
    /// `SITE_URL` (no trailing slash).
    let siteURL: String
    /// Each template, parsed and converted once.
    private let parsed: [String: Parsed]
    /// The brand layout before and after the body.
    private let page: (head: String, tail: String)

    /// One template ready to render.
    private struct Parsed: Sendable {
        /// The text part: the Markdown, values verbatim.
        let text: MustacheTemplate
        /// The Markdown with values HTML-escaped, for Ink (messages whose values Ink would interpret).
        let markdown: MustacheTemplate
        /// Both parts ready for substitution, the HTML converted once; nil when the template does not allow it.
        let compiled: CompiledMailTemplate?
    }

    /// Parses `templates` once and converts their Markdown to HTML; a template that does not parse throws.
    init(brandTitle: String, siteURL: String, templates: [MailTemplate] = MailTemplate.all) throws(CommandError) {
        self.brandTitle = brandTitle
        self.siteURL = siteURL
        var parsed: [String: Parsed] = [:]
        for template in templates {
            do {
                let text = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + template.markdown)
                let markdown = try MustacheTemplate(string: template.markdown)
                parsed[template.name] = Parsed(
                    text: text, markdown: markdown,
                    compiled: CompiledMailTemplate(markdown: template.markdown) { values in
                        (text.render(values), MarkdownParser().html(from: markdown.render(values)))
                    })
            } catch {
                throw CommandError("e-mail template \(template.name) is invalid", detail: "\(error)")
            }
        }
        self.parsed = parsed
        self.page = Self.layout(brandTitle: brandTitle, siteURL: siteURL)
    }

    /// The two bodies of one message.
    struct Rendered: Sendable, Equatable {
        /// text/plain: the Markdown with values filled in verbatim.
        let text: String
        /// text/html: the Markdown (values HTML-escaped) converted by Ink and wrapped in the brand layout.
        let html: String
    }

    /// Renders `template` with `values` (plus `brand_title` and `site_url`).
    func render(_ template: MailTemplate, values: [String: String]) throws(CommandError) -> Rendered {
        let (entry, context) = try prepare(template, values: values)
        guard let bodies = entry.compiled?.render(context) else {
            return try renderThroughInk(template, values: values)
        }
        return Rendered(text: bodies.text, html: page.head + bodies.html + page.tail)
    }

    /// Renders the way every message once was: Mustache fills the Markdown, Ink converts it (what `render`
    /// must match byte for byte, and what it falls back to).
    func renderThroughInk(_ template: MailTemplate, values: [String: String]) throws(CommandError) -> Rendered {
        let (entry, context) = try prepare(template, values: values)
        let body = MarkdownParser().html(from: entry.markdown.render(context))
        return Rendered(text: entry.text.render(context), html: page.head + body + page.tail)
    }

    /// Whether `template` was converted to HTML ahead of time.
    func isPrecompiled(_ template: MailTemplate) -> Bool {
        parsed[template.name]?.compiled != nil
    }

    /// The parsed template and the Mustache context: `values` plus `brand_title` and `site_url`.
    private func prepare(_ template: MailTemplate, values: [String: String]) throws(CommandError)
        -> (Parsed, [String: String])
    {
        guard let entry = parsed[template.name] else {
            throw CommandError("e-mail template \(template.name) is not loaded")
        }
        var context = values
        context["brand_title"] = brandTitle
        context["site_url"] = siteURL
        return (entry, context)
    }

    /// The branded HTML page before and after the body.
    private static func layout(brandTitle: String, siteURL: String) -> (head: String, tail: String) {
        let brand = escapeHTML(brandTitle)
        let site = escapeHTML(siteURL)
        let head = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(brand)</title>
            </head>
            <body style="margin:0;padding:0;background:#f4f5f7;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1f2933;">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;padding:24px 0;">
            <tr><td align="center">
            <table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;">
            <tr><td style="padding:20px 32px;border-bottom:1px solid #e4e7eb;font-size:20px;font-weight:bold;">
            <a href="\(site)" style="color:#1f2933;text-decoration:none;">\(brand)</a>
            </td></tr>
            <tr><td style="padding:24px 32px;font-size:15px;line-height:1.6;">

            """
        let tail = """

            </td></tr>
            <tr><td style="padding:16px 32px;border-top:1px solid #e4e7eb;font-size:12px;color:#7b8794;">
            \(brand) · <a href="\(site)" style="color:#7b8794;">\(site)</a>
            </td></tr>
            </table>
            </td></tr>
            </table>
            </body>
            </html>
            """
        return (head, tail)
    }

    /// Escapes text for HTML element content and attribute values (the same five characters as Mustache).
    static func escapeHTML(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
