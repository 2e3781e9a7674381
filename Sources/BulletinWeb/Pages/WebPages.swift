import BulletinCore
import Foundation
import HTTPTypes
import Hummingbird

/// Turns the templates into HTTP responses: every page gets the newsletter's name, the path prefix and headers
/// that keep tokens out of caches and referrers.
struct WebPages: Sendable {
    let templates: WebTemplates
    let site: WebSite

    /// Headers for every HTML page. Pages carry tokens in their URLs and forms: no caching, no referrer; the
    /// policy allows the page's own inline style and forms that post back to the server only.
    static let securityHeaders: [HTTPField] = [
        ("Cache-Control", "no-store"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Content-Type-Options", "nosniff"),
        (
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; form-action 'self'; "
                + "frame-ancestors 'none'; base-uri 'none'"
        ),
    ].compactMap { name, value in HTTPField.Name(name).map { HTTPField(name: $0, value: value) } }

    /// A page from a template.
    func page(
        _ template: String, title: String, status: HTTPResponse.Status = .ok, _ values: [String: Any] = [:]
    ) -> Response {
        var context: [String: Any] = ["newsletter": site.newsletterName, "base": site.pathPrefix, "title": title]
        context.merge(values) { _, new in new }
        return Self.html(templates.render(template, context), status: status)
    }

    /// A page that says one thing: a heading and a few paragraphs.
    func message(_ status: HTTPResponse.Status, title: String, _ paragraphs: String...) -> Response {
        page("message.html", title: title, status: status, ["heading": title, "paragraphs": paragraphs])
    }

    /// An HTML response with the security headers.
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        headers.append(contentsOf: securityHeaders)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The topics a form offers, each with its label (``WebSite/label(ofTopic:)``) and whether it is ticked: the
    /// configured ones, then any the subscriber has that are not configured (so saving the form does not drop
    /// them silently).
    func topicChoices(selected: [String]) -> [[String: Any]] {
        let offered = site.topics + selected.filter { !site.topics.contains($0) }
        return offered.map { ["value": $0, "label": site.label(ofTopic: $0), "checked": selected.contains($0)] }
    }

    /// The topics of a submitted form that the form offered.
    func acceptedTopics(_ submitted: [String], current: [String] = []) -> [String] {
        let allowed = site.topics + current
        var topics: [String] = []
        for topic in submitted.map(SubscriberFields.cleanName) where allowed.contains(topic) && !topics.contains(topic)
        {
            topics.append(topic)
        }
        return topics
    }

    /// The page for a link token that cannot be honoured (400): nothing was changed.
    func badToken(_ error: LinkTokenError) -> Response {
        switch error {
        case .wrongPurpose:
            message(
                .badRequest, title: "This link is for something else",
                "The link you followed was made for another page, so nothing was changed.",
                "Use the link from the message itself.")
        default:
            message(
                .badRequest, title: "This link does not work",
                "The link is incomplete or was changed, so nothing was changed.",
                "Copy the whole link from the message, or click it there.")
        }
    }
}
