import HTTPWorker
import NIOCore
import NIOHTTP1

extension TagifaiAPI {
    /// `GET /`: the health check, `data` is `{}`.
    func index(_ request: Request) -> Response {
        Envelope.ok(for: request) { $0.writeLiteral("{}") }
    }

    /// `GET /performance?filter=NAME`: the whole performance document or one section of it.
    func performance(_ request: Request) -> Response {
        guard let filter = QueryParameters(request.query)["filter"], !filter.isEmpty else {
            return Envelope.ok(for: request, data: performance)
        }
        guard let section = performanceSections.first(where: { $0.name == filter }) else {
            let names = performanceSections.map(\.name).joined(separator: ", ")
            return Response.detail(
                .notFound, "Unknown performance filter \"\(filter)\": use one of \(names), or no filter for all of them.")
        }
        return Envelope.ok(for: request, data: section.data)
    }

    /// `GET /args`: every training argument.
    func args(_ request: Request) -> Response {
        Envelope.ok(for: request, data: args)
    }

    /// `GET /args/{arg}`: one training argument, under its own name.
    func arg(_ request: Request) -> Response {
        let name = request.pathParameters["arg"] ?? ""
        guard let value = argValues.first(where: { $0.name == name }) else {
            let names = argValues.map(\.name).joined(separator: ", ")
            return Response.detail(
                .notFound, "Unknown training argument \"\(name)\": the arguments are \(names).")
        }
        return Envelope.ok(for: request, data: value.data)
    }

    /// `POST /predict`: the predicted tag of each text, in input order.
    func predict(_ request: Request) -> Response {
        switch predictPayload(request) {
        case .failure(let errors):
            return ValidationIssue.response(errors.issues)
        case .success(let payload):
            return predictions(for: request, texts: payload.texts, tags: model.predict(payload.texts))
        }
    }

    /// `POST /predict` for a costly model: validated on the event loop, predicted on `pool`, answered
    /// 503 with `Retry-After` when the pool cannot start the texts within its deadline.
    func predict(_ request: Request, on pool: ComputePool, loop: any EventLoop) -> EventLoopFuture<Response> {
        switch predictPayload(request) {
        case .failure(let errors):
            return loop.makeSucceededFuture(ValidationIssue.response(errors.issues))
        case .success(let payload):
            return pool.submit(payload.texts, on: loop).map { tags in
                predictions(for: request, texts: payload.texts, tags: tags)
            }.recover { error in
                Self.saturated(request, retryAfterSeconds: (error as? ComputePoolSaturated)?.retryAfterSeconds ?? 1)
            }
        }
    }

    /// The message of `POST /predict`'s 503 when the worker's compute pool is saturated.
    static let saturatedMessage =
        "Service Unavailable: this worker's model is busy and could not start the texts in time; retry after the delay given."

    /// The lesson's envelope for a saturated compute pool: 503, `Retry-After`, `data` `{}`.
    static func saturated(_ request: Request, retryAfterSeconds: Int) -> Response {
        var response = Envelope.answer(.serviceUnavailable, message: saturatedMessage, for: request) {
            $0.writeLiteral("{}")
        }
        response.headers.replaceOrAdd(name: "Retry-After", value: String(retryAfterSeconds))
        return response
    }

    private func predictPayload(_ request: Request) -> Result<PredictPayload, ValidationErrors> {
        if reader.maxDepth >= PredictPayload.plainDepth, JSONBody.isJSON(request),
            let texts = PredictPayload.plainTexts(request.body, limits: settings.payloadLimits)
        {
            return .success(PredictPayload(texts: texts))
        }
        return JSONBody.read(request, with: reader).flatMap { PredictPayload.validate($0, limits: settings.payloadLimits) }
    }

    /// The 200 envelope of `POST /predict` for `texts` and their `tags`, counting each tag.
    private func predictions(for request: Request, texts: [String], tags: [String]) -> Response {
        if let predictionCounters {
            for tag in tags { predictionCounters.increment(value: tag) }
        }
        let dataSize = request.body.readableBytes + 64 * tags.count
        return Envelope.ok(for: request, dataSize: dataSize) { body in
            body.writeLiteral(#"{"predictions":["#)
            for (index, (text, tag)) in zip(texts, tags).enumerated() {
                if index > 0 { body.writeInteger(UInt8(ascii: ",")) }
                body.writeLiteral(#"{"input_text":"#)
                body.writeJSONString(text)
                body.writeLiteral(#","predicted_tag":"#)
                body.writeJSONString(tag)
                body.writeInteger(UInt8(ascii: "}"))
            }
            body.writeLiteral("]}")
        }
    }
}
