import HTTPWorker
import NIOCore
import NIOHTTP1

extension TagifaiAPI {
    /// `GET /`: the health check, `data` is `{}`.
    func index(_ request: Request) -> Response {
        Envelope.ok(for: request) { $0.writeStaticString("{}") }
    }

    /// `GET /performance?filter=NAME`: the whole performance document or one section of it.
    func performance(_ request: Request) -> Response {
        guard let filter = QueryParameters(request.query)["filter"], !filter.isEmpty else {
            return Envelope.ok(for: request, key: "performance", encoded: performance)
        }
        guard let section = performanceSections.first(where: { $0.name == filter }) else {
            let names = performanceSections.map(\.name).joined(separator: ", ")
            return Response.detail(
                .notFound, "Unknown performance filter \"\(filter)\": use one of \(names), or no filter for all of them.")
        }
        return Envelope.ok(for: request, key: "performance", encoded: section.encoded)
    }

    /// `GET /args`: every training argument.
    func args(_ request: Request) -> Response {
        Envelope.ok(for: request, key: "args", encoded: args)
    }

    /// `GET /args/{arg}`: one training argument, under its own name.
    func arg(_ request: Request) -> Response {
        let name = request.pathParameters["arg"] ?? ""
        guard let value = argValues.first(where: { $0.name == name }) else {
            let names = argValues.map(\.name).joined(separator: ", ")
            return Response.detail(
                .notFound, "Unknown training argument \"\(name)\": the arguments are \(names).")
        }
        return Envelope.ok(for: request, key: name, encoded: value.encoded)
    }

    /// `POST /predict`: the predicted tag of each text, in input order.
    func predict(_ request: Request) -> Response {
        let payload = JSONBody.read(request, with: reader).flatMap {
            PredictPayload.validate($0, limits: settings.payloadLimits)
        }
        switch payload {
        case .failure(let errors):
            return ValidationIssue.response(errors.issues)
        case .success(let payload):
            let tags = model.predict(payload.texts)
            if let predictionCounters {
                for tag in tags { predictionCounters.increment(value: tag) }
            }
            let dataSize = request.body.readableBytes + 64 * tags.count
            return Envelope.ok(for: request, dataSize: dataSize) { body in
                body.writeStaticString(#"{"predictions":["#)
                for (index, (text, tag)) in zip(payload.texts, tags).enumerated() {
                    if index > 0 { body.writeInteger(UInt8(ascii: ",")) }
                    body.writeStaticString(#"{"input_text":"#)
                    body.writeJSONString(text)
                    body.writeStaticString(#","predicted_tag":"#)
                    body.writeJSONString(tag)
                    body.writeInteger(UInt8(ascii: "}"))
                }
                body.writeStaticString("]}")
            }
        }
    }
}
