import BulletinCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Logs one line per request (method, path with token values hidden, status, duration), and turns errors into
/// pages: an unknown path gets the 404 page, a failure inside the server a 500 page (logged with its cause), a
/// busy database a 503 page (``HTTPResponse/Status/init(failure:)`` tells them apart).
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext

    let pages: WebPages
    let logger: Logger

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = page(for: error)
        } catch let error where HTTPResponse.Status(failure: error) == .serviceUnavailable {
            logger.warning(
                "\(request.method) \(Self.loggedPath(path: request.uri.path, query: request.uri.query)): \(error)")
            response = pages.message(
                .serviceUnavailable, title: "Please try again", "The list is busy for a moment; try again shortly.")
        } catch {
            logger.error(
                "\(request.method) \(Self.loggedPath(path: request.uri.path, query: request.uri.query)) failed: \(error)"
            )
            response = pages.message(
                .internalServerError, title: "Something went wrong",
                "Nothing was lost, but the request could not be completed; please try again later.")
        }
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
        let line =
            "\(request.method) \(Self.loggedPath(path: request.uri.path, query: request.uri.query)) "
            + "\(response.status.code) " + String(format: "%.1f ms", milliseconds)
        logger.info("\(line)")
        return response
    }

    private func page(for error: HTTPError) -> Response {
        switch error.status {
        case .notFound:
            pages.message(.notFound, title: "Page not found", "There is nothing at this address.")
        case .contentTooLarge:
            pages.message(.contentTooLarge, title: "Too much data", "The form sent more than this page accepts.")
        default:
            pages.message(
                error.status, title: error.status.reasonPhrase, error.body ?? "The request was not understood.")
        }
    }

    /// The path and query with the value of every parameter named `token` (in any case, percent-escaped or not,
    /// separated by `&` or `;`) replaced by `…`, so that logs hold no working links.
    static func loggedPath(path: String, query: String?) -> String {
        guard let query, !query.isEmpty else { return path }
        var redacted = ""
        var pair = ""
        func flush() {
            let name = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let decoded = (name.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(name))
                .trimmingCharacters(in: .whitespaces).lowercased()
            redacted += decoded == "token" && pair.contains("=") ? String(name) + "=…" : pair
            pair = ""
        }
        for character in query {
            if character == "&" || character == ";" {
                flush()
                redacted.append(character)
            } else {
                pair.append(character)
            }
        }
        flush()
        return path + "?" + redacted
    }
}
