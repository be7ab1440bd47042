import HTTPWorker

extension TagifaiAPI {
    /// The message of `GET /ready`'s 503, which a balancer's log shows.
    static let stoppingMessage =
        "Service Unavailable: the server is stopping; requests in flight finish, send new ones to another host."

    /// `GET /ready`: 200 `{}` while the server serves, 503 from the moment the supervisor begins
    /// to stop, so a balancer's active health check routes away before connections close. The 503
    /// closes its connection: a balancer that pooled it opens the next one to a host that stays.
    ///
    /// `GET /` stays the lesson's health check, which answers 200 as long as a worker answers.
    func ready(_ request: Request) -> Response {
        guard isStopping() else { return Envelope.ok(for: request) { $0.writeLiteral("{}") } }
        var response = Envelope.answer(.serviceUnavailable, message: Self.stoppingMessage, for: request) {
            $0.writeLiteral("{}")
        }
        response.closesConnection = true
        return response
    }
}
