import BulletinApp
import BulletinCore
import BulletinStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The handlers of `bulletin serve`. GET requests never change anything (mail scanners follow links); every
/// change is a POST carrying the signed token that is its capability.
struct WebRoutes: Sendable {
    let desk: SubscriptionDesk
    let pages: WebPages
    let limiter: SubscribeRateLimiter
    /// Queues a confirmation message (the mailer's `enqueue`).
    let sendConfirmation: @Sendable (ConfirmationRequest) -> Void
    let logger: Logger
    let now: @Sendable () -> Date
    /// The answer to every one-click unsubscribe, rendered once: it is the same for everyone, and it is the
    /// request mailbox providers send in bulk.
    let unsubscribedPage: Response
    /// Warns once when a reverse proxy forwards requests without being trusted.
    let proxyWarning: UntrustedProxyWarning

    init(
        desk: SubscriptionDesk, pages: WebPages, limiter: SubscribeRateLimiter,
        sendConfirmation: @escaping @Sendable (ConfirmationRequest) -> Void, logger: Logger,
        now: @escaping @Sendable () -> Date
    ) {
        self.desk = desk
        self.pages = pages
        self.limiter = limiter
        self.sendConfirmation = sendConfirmation
        self.logger = logger
        self.now = now
        unsubscribedPage = pages.page("unsubscribed.html", title: "Unsubscribed")
        proxyWarning = UntrustedProxyWarning(trustedProxies: pages.site.trustedProxies)
    }

    /// `X-Forwarded-For`, believed only from `[web] trusted_proxies`.
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")

    /// The largest form body accepted.
    static let maximumBody = 64 * 1024

    var site: WebSite { pages.site }

    /// The paths served, and whether each takes POST besides GET and HEAD.
    static let paths: [(path: RouterPath, posts: Bool)] = [
        ("/health", false), ("/", false), ("/subscribe", true), ("/confirm", true), ("/unsubscribe", true),
        ("/preferences", true), ("/archive", false), ("/archive/{week}", false), ("/newsletter/{week}", false),
    ]

    /// Methods no path takes, answered 405 with `Allow` (RFC 9110 §15.5.6) instead of 404.
    static let refusedMethods: [HTTPRequest.Method] = [.put, .delete, .patch, .options]

    /// Adds every route to the router.
    func register(on router: Router<WebRequestContext>) {
        for (path, posts) in Self.paths {
            let allow = posts ? "GET, HEAD, POST" : "GET, HEAD"
            for method in Self.refusedMethods {
                router.on(path, method: method) { _, _ in methodNotAllowed(allow: allow) }
            }
            if !posts {
                router.post(path) { _, _ in methodNotAllowed(allow: allow) }
            }
        }
        // Every page answers HEAD as it answers GET (link checkers send it); neither ever changes anything.
        func page(
            _ path: RouterPath, _ handler: @escaping @Sendable (Request, WebRequestContext) async throws -> Response
        ) {
            router.get(path, use: handler)
            router.head(path, use: handler)
        }
        page("/health") { _, _ in Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ok\n"))) }
        page("/") { _, _ in subscribeForm() }
        page("/subscribe") { _, _ in subscribeForm() }
        router.post("/subscribe") { request, context in try await subscribe(request, context: context) }
        page("/confirm") { request, _ in try await confirmPage(request) }
        router.post("/confirm") { request, _ in try await confirm(request) }
        page("/unsubscribe") { request, _ in try await unsubscribePage(request) }
        router.post("/unsubscribe") { request, _ in try await unsubscribe(request) }
        page("/preferences") { request, _ in try await preferencesPage(request) }
        router.post("/preferences") { request, _ in try await savePreferences(request) }
        page("/archive") { _, _ in try await archive() }
        page("/archive/{week}") { _, context in try await issue(context.parameters.get("week") ?? "") }
        // The same page under the older path; messages link to /archive/<week>.
        page("/newsletter/{week}") { _, context in try await issue(context.parameters.get("week") ?? "") }
    }

    // MARK: Subscribe

    func subscribeForm(
        email: String = "", name: String = "", topics: [String] = [], error: String? = nil
    )
        -> Response
    {
        var values: [String: Any] = [
            "email": email, "name": name, "topics": pages.topicChoices(selected: topics),
            "hasTopics": !site.topics.isEmpty,
        ]
        if let error { values["error"] = error }
        return pages.page("subscribe.html", title: "Subscribe", status: error == nil ? .ok : .badRequest, values)
    }

    func subscribe(_ request: Request, context: WebRequestContext) async throws -> Response {
        guard
            site.acceptsFormOrigin(
                origin: request.headers[.origin], referer: request.headers[.referer], host: request.head.authority)
        else {
            logger.info("subscribe: refused a form posted from another site")
            return pages.message(
                .forbidden, title: "Not accepted",
                "This form can only be sent from the newsletter's own pages; nothing was changed.")
        }
        let peer = context.remoteAddress?.ipAddress
        let forwardedFor = Self.forwardedFor.flatMap { request.headers[$0] }
        proxyWarning.check(peer: peer, forwardedFor: forwardedFor, logger: logger)
        let client = ClientAddress.rateLimitKey(
            ClientAddress.resolve(peer: peer, forwardedFor: forwardedFor, trusted: site.trustedProxies))
        let time = now()
        guard limiter.allow(client, at: time) else {
            var response = pages.message(
                .tooManyRequests, title: "Too many requests",
                "This address has sent the form too often. Please wait a while and try again.")
            response.headers[.retryAfter] = String(max(1, limiter.retryAfter(client, at: time)))
            return response
        }
        let form = try await Self.form(request)
        let email = (form.first("email") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let name = SubscriberFields.cleanName(form.first("name") ?? "")
        let topics = pages.acceptedTopics(form.all("topics"))
        if let trap = form.first("website"), !trap.isEmpty {
            // A bot filled the field people cannot see: answer as for anyone, do nothing.
            logger.debug("subscribe: honeypot filled; ignored")
            return subscribed(email)
        }
        let address: EmailAddress
        do {
            address = try EmailAddress(email)
        } catch let error as EmailAddressError {
            return subscribeForm(
                email: email, name: name, topics: topics,
                error: email.isEmpty
                    ? "Please enter your email address." : "That address does not look right: \(error.explanation).")
        }
        switch try await desk.subscribe(address: address, name: name, topics: topics) {
        case .confirm(let confirmation): sendConfirmation(confirmation)
        case .nothing(let reason): logger.debug("subscribe: nothing sent (\(reason))")
        }
        return subscribed(address.value)
    }

    /// The answer to every accepted subscribe request, whatever the address's state.
    private func subscribed(_ email: String) -> Response {
        pages.page("subscribed.html", title: "Check your inbox", ["email": email])
    }

    // MARK: Confirm

    func confirmPage(_ request: Request) async throws -> Response {
        guard let token = Self.token(request) else {
            return pages.message(
                .ok, title: "Confirm your subscription",
                "Open the confirmation link from the message we sent you to confirm your subscription.")
        }
        do {
            let contents = try desk.verify(token, for: .confirm)
            if let problem = try await desk.checkConfirmation(contents) { return confirmProblem(problem) }
            let subscriber = try await desk.subscriber(for: contents)
            if subscriber.status == .active { return await confirmed(subscriber) }
            return pages.page("confirm.html", title: "Confirm", ["email": subscriber.email, "token": token])
        } catch let error as LinkTokenError {
            if case .unknownSubscriber = error { return confirmProblem(.unknownSubscriber) }
            return pages.badToken(error)
        }
    }

    func confirm(_ request: Request) async throws -> Response {
        guard let token = Self.token(request) else { return pages.badToken(.malformed) }
        do {
            let outcome = try await desk.confirm(try desk.verify(token, for: .confirm))
            if case .confirmed(let subscriber) = outcome { return await confirmed(subscriber) }
            return confirmProblem(outcome)
        } catch let error as LinkTokenError {
            if case .unknownSubscriber = error { return confirmProblem(.unknownSubscriber) }
            return pages.badToken(error)
        }
    }

    private func confirmed(_ subscriber: Subscriber) async -> Response {
        let preferences = desk.token(.preferences, for: subscriber)
        return pages.page(
            "confirmed.html", title: "Subscribed", ["email": subscriber.email, "preferencesToken": preferences])
    }

    private func confirmProblem(_ outcome: ConfirmOutcome) -> Response {
        switch outcome {
        case .expired:
            pages.message(
                .badRequest, title: "This link has expired",
                "Confirmation links work for a limited time. Subscribe again to get a fresh one.")
        case .superseded, .unknownSubscriber:
            pages.message(
                .badRequest, title: "This link no longer works",
                "The subscription this link was for has changed since it was sent. Subscribe again to get a fresh link."
            )
        case .confirmed:
            pages.message(.ok, title: "Subscribed", "Your subscription is confirmed.")
        }
    }

    // MARK: Unsubscribe

    func unsubscribePage(_ request: Request) async throws -> Response {
        guard let token = Self.token(request) else {
            return pages.message(
                .ok, title: "Unsubscribe",
                "To unsubscribe, use the unsubscribe link at the bottom of any issue: it leads to a page with a "
                    + "button that takes you off the list at once.")
        }
        do {
            let contents = try desk.verify(token, for: .unsubscribe)
            let subscriber = try await desk.subscriber(for: contents)
            if subscriber.status.isSuppressed {
                return unsubscribedPage
            }
            if let topic = Self.topic(request) {
                return stopTopicPage(
                    subscriber, topic: topic, has: subscriber.topics.contains(topic), token: token,
                    issue: contents.issue)
            }
            return pages.page(
                "unsubscribe.html", title: "Unsubscribe",
                [
                    "email": subscriber.email, "token": token,
                    "preferencesToken": desk.token(.preferences, for: subscriber, issue: contents.issue),
                ])
        } catch let error as LinkTokenError {
            if case .unknownSubscriber = error { return unsubscribedPage }
            return pages.badToken(error)
        }
    }

    /// RFC 8058 one-click unsubscribe: a POST whose body is `List-Unsubscribe=One-Click` (form-encoded or
    /// multipart), and the page's own button, which posts the same field.
    func unsubscribe(_ request: Request) async throws -> Response {
        guard let token = Self.token(request) else { return pages.badToken(.malformed) }
        if let topic = Self.topic(request) { return try await stopTopic(topic, token: token) }
        let form = try await Self.form(request)
        guard form.first("List-Unsubscribe") == "One-Click" else {
            return pages.message(
                .badRequest, title: "Not unsubscribed",
                "An unsubscribe request must carry List-Unsubscribe=One-Click (RFC 8058); nothing was changed.",
                "Use the button on the unsubscribe page.")
        }
        do {
            _ = try await desk.unsubscribe(
                try desk.verify(token, for: .unsubscribe), fromPreferences: form.first("from") == "preferences")
            return unsubscribedPage
        } catch let error as LinkTokenError {
            return pages.badToken(error)
        }
    }

    /// The button of a section's stop link (`/unsubscribe?token=…&topic=NAME`): takes that one topic off the
    /// reader, who stays subscribed. Any body will do; the token is the capability, as for one-click.
    func stopTopic(_ topic: String, token: String) async throws -> Response {
        do {
            let contents = try desk.verify(token, for: .unsubscribe)
            switch try await desk.stopTopic(contents, topic: topic) {
            case .stopped(let subscriber):
                return pages.page(
                    "topic-stopped.html", title: "\(site.label(ofTopic: topic)) stopped",
                    [
                        "email": subscriber.email, "label": site.label(ofTopic: topic),
                        "preferencesToken": desk.token(.preferences, for: subscriber, issue: contents.issue),
                    ])
            case .notTheirs(let subscriber):
                return stopTopicPage(subscriber, topic: topic, has: false, token: token, issue: contents.issue)
            }
        } catch let error as LinkTokenError {
            if case .unknownSubscriber = error { return unsubscribedPage }
            return pages.badToken(error)
        }
    }

    /// The page a section's stop link opens: a button to stop the topic, or, when the reader does not have it,
    /// a kind word that there is nothing to stop.
    private func stopTopicPage(
        _ subscriber: Subscriber, topic: String, has: Bool, token: String, issue: String = ""
    ) -> Response {
        let label = site.label(ofTopic: topic)
        return pages.page(
            "stop-topic.html", title: has ? "Stop \(label)" : label,
            [
                "email": subscriber.email, "token": token, "label": label, "has": has,
                "topicParameter": topic.addingPercentEncoding(withAllowedCharacters: Self.queryValue) ?? "",
                "preferencesToken": desk.token(.preferences, for: subscriber, issue: issue),
            ])
    }

    /// The characters a query value keeps as they are.
    private static let queryValue = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))

    // MARK: Preferences

    func preferencesPage(_ request: Request, saved: Bool = false) async throws -> Response {
        guard let token = Self.token(request) else {
            return pages.message(
                .ok, title: "Your subscription",
                "To change your name or topics, use the preferences link at the bottom of any issue.")
        }
        do {
            let contents = try desk.verify(token, for: .preferences)
            let subscriber = try await desk.subscriber(for: contents)
            return await preferencesForm(subscriber, token: token, contents: contents, saved: saved)
        } catch let error as LinkTokenError {
            if case .unknownSubscriber = error { return noSubscription() }
            return pages.badToken(error)
        }
    }

    func savePreferences(_ request: Request) async throws -> Response {
        guard let token = Self.token(request) else { return pages.badToken(.malformed) }
        let form = try await Self.form(request)
        do {
            let contents = try desk.verify(token, for: .preferences)
            let current = try await desk.subscriber(for: contents)
            let topics = pages.acceptedTopics(form.all("topics"), current: current.topics)
            let subscriber = try await desk.savePreferences(
                contents, name: form.first("name") ?? current.name, topics: topics)
            return await preferencesForm(subscriber, token: token, contents: contents, saved: true)
        } catch let error as LinkTokenError {
            if case .unknownSubscriber = error { return noSubscription() }
            return pages.badToken(error)
        }
    }

    private func preferencesForm(
        _ subscriber: Subscriber, token: String, contents: LinkToken, saved: Bool
    ) async
        -> Response
    {
        pages.page(
            "preferences.html", title: "Your subscription",
            [
                "email": subscriber.email, "name": subscriber.name, "token": token,
                "unsubscribeToken": desk.token(.unsubscribe, for: subscriber, issue: contents.issue),
                "topics": pages.topicChoices(selected: subscriber.topics),
                "hasTopics": !site.topics.isEmpty || !subscriber.topics.isEmpty,
                "active": !subscriber.status.isSuppressed, "status": subscriber.status.rawValue, "saved": saved,
            ])
    }

    private func noSubscription() -> Response {
        pages.message(
            .ok, title: "No subscription", "There is no subscription for this link any more; nothing is sent to it.")
    }

    // MARK: Archive

    /// An issue's date on the archive page, like "23 November 2026" (UTC).
    private static let issueDate = Date.VerbatimFormatStyle(
        format: "\(day: .defaultDigits) \(month: .wide) \(year: .defaultDigits)",
        locale: Locale(identifier: "en_US_POSIX"),
        timeZone: TimeZone(identifier: "UTC") ?? .current, calendar: Calendar(identifier: .gregorian))

    func archive() async throws -> Response {
        let issues = try await desk.issues().map { issue -> [String: Any] in
            [
                "week": issue.week, "number": issue.number, "subject": issue.subject,
                "date": issue.createdAt.formatted(Self.issueDate),
            ]
        }
        return pages.page("archive.html", title: "Past issues", ["issues": issues, "hasIssues": !issues.isEmpty])
    }

    /// One issue's stored HTML, its personal slots filled with what any reader may see
    /// (``PersonalFields/anonymous(linkBaseURL:email:week:)``, as `bulletin preview` without --for).
    func issue(_ week: String) async throws -> Response {
        guard week.utf8.count <= 16, let issue = try await desk.issue(week: week) else {
            return pages.message(.notFound, title: "No such issue", "There is no issue for \(week.prefix(16)).")
        }
        let fields = PersonalFields.anonymous(
            linkBaseURL: site.linkBaseURL, email: site.publicAddress, week: issue.week)
        let html = PersonalizedTemplate(issue.htmlPart, escaping: .html).filled(fields)
        // What speaks to the reader it was mailed to ("You receive … because you subscribed") is not for every
        // visitor.
        return WebPages.html(PersonalParts.removed(from: html))
    }

    // MARK: Request parts

    /// The `token` query parameter, if present and not empty.
    static func token(_ request: Request) -> String? {
        guard let token = request.uri.queryParameters["token"], !token.isEmpty else { return nil }
        return String(token)
    }

    /// The `topic` query parameter of a section's stop link, clean; nil when absent or empty.
    static func topic(_ request: Request) -> String? {
        guard let raw = request.uri.queryParameters["topic"], !raw.isEmpty, raw.utf8.count <= 400 else { return nil }
        let topic = SubscriberFields.cleanName(String(raw))
        return topic.isEmpty ? nil : topic
    }

    /// The request's form fields.
    ///
    /// - Throws: `HTTPError(.contentTooLarge)` (413) for a body over ``maximumBody``.
    static func form(_ request: Request) async throws -> FormBody {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maximumBody {
            throw HTTPError(.contentTooLarge)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBody)
        } catch {
            throw HTTPError(.contentTooLarge)
        }
        return FormBody(contentType: request.headers[.contentType], body: Array(buffer.readableBytesView))
    }

    /// 405 with the methods the path takes.
    private func methodNotAllowed(allow: String) -> Response {
        var response = pages.message(
            .methodNotAllowed, title: "Method not allowed", "This address takes only \(allow) requests.")
        response.headers[.allow] = allow
        return response
    }
}
