import Foundation
import Testing
import TestSupport

/// Every route of the API, over real sockets, from the real binary with the committed model.
@Suite(.timeLimit(.minutes(3))) struct APIRouteTests {
    /// A JSON object file of the committed model, as the server should serve it.
    private static func modelDocument(_ name: String) throws -> [String: Any] {
        let url = PackageFiles.root.appendingPathComponent("models/tagifai/\(name)")
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    private let performance: [String: Any]
    private let args: [String: Any]

    init() throws {
        performance = try Self.modelDocument("performance.json")
        args = try Self.modelDocument("args.json")
    }

    @Test func healthCheckIsTheLessonsEnvelope() throws {
        let server = try ServerProcess()
        let workers = try server.workersBeforeTraffic()
        let reply = try server.request("GET", "/")
        #expect(reply.status == 200)
        #expect(reply.header("Content-Type") == "application/json")
        #expect(reply.header("Content-Length") == String(reply.body.count))
        #expect(reply.header("Date")?.hasSuffix(" GMT") == true)
        #expect(reply.text.wholeMatch(of: /\{"message":"OK","method":"GET","status-code":200,"timestamp":"[^"]+","url":"[^"]+","data":\{\}\}/) != nil,
                "key order or values differ from the lesson's: \(reply.text)")
        let envelope = try reply.json()
        #expect(envelope["url"] as? String == "http://127.0.0.1:\(server.port)/")
        #expect((envelope["data"] as? [String: Any])?.isEmpty == true)
        server.expectSameWorkers(workers)
    }

    @Test func timestampIsISO8601WithMicrosecondsAndNow() throws {
        let server = try ServerProcess()
        let stamp = try #require(try server.request("GET", "/").json()["timestamp"] as? String)
        #expect(stamp.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}/) != nil, "timestamp \(stamp)")
        let parser = DateFormatter()
        parser.locale = Locale(identifier: "en_US_POSIX")
        parser.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSSSS"
        let date = try #require(parser.date(from: stamp), "unparseable timestamp \(stamp)")
        #expect(abs(date.timeIntervalSinceNow) < 60, "timestamp \(stamp) is not the server's local time now")
    }

    @Test func urlIsTheOneTheClientSentWithItsQuery() throws {
        let server = try ServerProcess()
        let target = "/performance?filter=overall&x=%20y+z"
        let envelope = try server.request("GET", target).json()
        #expect(envelope["url"] as? String == "http://127.0.0.1:\(server.port)\(target)")
        let client = try server.connect()
        try client.send("GET /?a=1 HTTP/1.1\r\nHost: api.example.com:8443\r\nConnection: close\r\n\r\n")
        #expect(try client.readReply().json()["url"] as? String == "http://api.example.com:8443/?a=1")
    }

    @Test func anAbsoluteFormTargetIsRoutedByItsPath() throws {
        let server = try ServerProcess()
        let client = try server.connect()
        try client.send("GET http://api.example.com:8443/args/seed?x=1 HTTP/1.1\r\nHost: api.example.com:8443\r\nConnection: close\r\n\r\n")
        let reply = try client.readReply()
        #expect(reply.status == 200, "\(reply.text)")
        #expect(try reply.json()["url"] as? String == "http://api.example.com:8443/args/seed?x=1")
        #expect(try reply.data()["seed"] as? Int == args["seed"] as? Int)
    }

    @Test func performanceIsTheWholeDocumentOrOneSection() throws {
        let server = try ServerProcess()
        let whole = try server.request("GET", "/performance").data()["performance"] as? NSDictionary
        #expect(whole == performance as NSDictionary)
        let empty = try server.request("GET", "/performance?filter=").data()["performance"] as? NSDictionary
        #expect(empty == performance as NSDictionary)
        for name in ["overall", "class", "slices"] {
            let reply = try server.request("GET", "/performance?filter=\(name)")
            #expect(reply.status == 200)
            let section = try reply.data()["performance"] as? NSDictionary
            #expect(section == performance[name] as? NSDictionary, "filter \(name): \(reply.text)")
        }
    }

    @Test func unknownPerformanceFilterIsANotFoundListingTheValidNames() throws {
        let server = try ServerProcess()
        let reply = try server.request("GET", "/performance?filter=overal")
        #expect(reply.status == 404)
        let detail = try reply.detailText()
        #expect(detail.contains("\"overal\""), "\(detail)")
        for name in ["overall", "class", "slices"] { #expect(detail.contains(name), "\(detail)") }
    }

    @Test func argsAreEveryTrainingArgument() throws {
        let server = try ServerProcess()
        let reply = try server.request("GET", "/args")
        #expect(reply.status == 200)
        #expect(try reply.data()["args"] as? NSDictionary == args as NSDictionary)
        #expect(try reply.json()["url"] as? String == "http://127.0.0.1:\(server.port)/args")
    }

    @Test func oneArgumentIsAnsweredUnderItsOwnName() throws {
        let server = try ServerProcess()
        for name in args.keys.sorted() {
            let reply = try server.request("GET", "/args/\(name)")
            #expect(reply.status == 200, "\(name): \(reply.text)")
            let data = try reply.data()
            #expect(Array(data.keys) == [name])
            #expect((data[name] as? NSObject) == (args[name] as? NSObject), "\(name): \(reply.text)")
        }
    }

    @Test func unknownArgumentIsANotFoundNamingIt() throws {
        let server = try ServerProcess()
        let reply = try server.request("GET", "/args/learning_rat")
        #expect(reply.status == 404)
        let detail = try reply.detailText()
        #expect(detail.contains("\"learning_rat\""), "\(detail)")
        #expect(detail.contains("learning_rate"), "\(detail)")
    }

    @Test func predictTagsTheLessonsExampleInInputOrder() throws {
        let server = try ServerProcess()
        let texts = [
            "Transfer learning with transformers for text classification.",
            "Generative adversarial networks in both PyTorch and TensorFlow.",
        ]
        let reply = try server.predict(#"{"texts": [{"text": "\#(texts[0])"}, {"text": "\#(texts[1])"}]}"#)
        #expect(reply.status == 200)
        let envelope = try reply.json()
        #expect(envelope["method"] as? String == "POST")
        #expect(envelope["status-code"] as? Int == 200)
        #expect(envelope["url"] as? String == "http://127.0.0.1:\(server.port)/predict")
        let predictions = try #require(try reply.data()["predictions"] as? [[String: String]])
        #expect(predictions.map { $0["input_text"] } == texts)
        // The lesson's own answers for its example payload.
        #expect(predictions.map { $0["predicted_tag"] } == ["natural-language-processing", "computer-vision"])
    }

    @Test func unknownPathIsNotFoundAndWrongMethodIsNotAllowed() throws {
        let server = try ServerProcess()
        let missing = try server.request("GET", "/nowhere")
        #expect(missing.status == 404)
        #expect(missing.text == #"{"detail":"Not Found"}"#)
        let wrong = try server.request("GET", "/predict")
        #expect(wrong.status == 405)
        #expect(wrong.header("Allow") == "POST")
        #expect(try wrong.detailText() == "Method Not Allowed")
        let post = try server.request("POST", "/args", body: "")
        #expect(post.status == 405)
        #expect(post.header("Allow") == "GET, HEAD")
        #expect(try server.request("OPTIONS", "/").header("Allow") == "GET, HEAD")
        let head = try server.connect()
        try head.send("HEAD /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(try head.readReply(head: true).status == 404)
        #expect(try head.readReply().status == 200, "HEAD /nowhere sent a body")
    }

    @Test func headAnswersEveryGetRouteWithItsHeadersAndNoBody() throws {
        let server = try ServerProcess()
        for target in ["/", "/performance", "/performance?filter=class", "/args", "/args/seed", "/openapi.json", "/docs", "/redoc"] {
            let get = try server.request("GET", target)
            let client = try server.connect()
            try client.send("HEAD \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n\r\n")
            let head = try client.readReply(head: true)
            #expect(head.status == 200, "HEAD \(target)")
            #expect(head.header("Content-Type") == get.header("Content-Type"), "HEAD \(target)")
            #expect(head.header("Date") != nil, "HEAD \(target)")
            #expect(head.header("Content-Length").flatMap(Int.init) ?? 0 > 0, "HEAD \(target)")
            // Nothing follows the head: the next answer on the connection is the next request's.
            try client.send("GET /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(try client.readReply().status == 404, "HEAD \(target) sent a body")
        }
    }

    @Test func docsPagesLoadTheOpenAPIDocumentFromTheConfiguredScripts() throws {
        let server = try ServerProcess(arguments: [
            "--set", "docs_swagger_js_url=/static/swagger-ui-bundle.js",
            "--set", "docs_redoc_js_url=/static/redoc.standalone.js",
        ])
        let docs = try server.request("GET", "/docs")
        #expect(docs.status == 200)
        #expect(docs.header("Content-Type")?.hasPrefix("text/html") == true)
        #expect(docs.text.contains("/openapi.json"))
        #expect(docs.text.contains(#"src="/static/swagger-ui-bundle.js""#))
        #expect(docs.text.contains("https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.33.1/swagger-ui.css"))
        let redoc = try server.request("GET", "/redoc")
        #expect(redoc.status == 200)
        #expect(redoc.text.contains("/openapi.json"))
        #expect(redoc.text.contains(#"src="/static/redoc.standalone.js""#))
    }

    @Test func docsPagesUseFastAPIsCDNByDefault() throws {
        let server = try ServerProcess()
        #expect(try server.request("GET", "/docs").text.contains("https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.33.1/swagger-ui-bundle.js"))
        #expect(try server.request("GET", "/redoc").text.contains("https://cdn.jsdelivr.net/npm/redoc@2.5.4/bundles/redoc.standalone.js"))
    }

    @Test func openAPIDocumentDescribesEveryRouteWithTheLessonsExample() throws {
        let server = try ServerProcess()
        let reply = try server.request("GET", "/openapi.json")
        #expect(reply.status == 200)
        #expect(reply.header("Content-Type") == "application/json")
        let document = try reply.json()
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        #expect(Set(paths.keys) == ["/", "/ready", "/performance", "/args", "/args/{arg}", "/predict"])
        let tags = [("/", "get", "General"), ("/ready", "get", "General"), ("/performance", "get", "Performance"),
                    ("/args", "get", "Arguments"),
                    ("/args/{arg}", "get", "Arguments"), ("/predict", "post", "Prediction")]
        for (path, method, tag) in tags {
            let operation = try #require(paths[path]?[method] as? [String: Any], "no \(method) \(path)")
            #expect(operation["tags"] as? [String] == [tag], "\(method) \(path)")
            #expect((operation["responses"] as? [String: Any])?["200"] != nil, "\(method) \(path)")
        }
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        // FastAPI's two error schemas: the envelope of `detail` items, and one item.
        let httpError = try #require(schemas["HTTPValidationError"] as? [String: Any])
        let detail = (httpError["properties"] as? [String: Any])?["detail"] as? [String: Any]
        #expect((detail?["items"] as? [String: String])?["$ref"] == "#/components/schemas/ValidationError")
        let item = try #require(schemas["ValidationError"] as? [String: Any])
        #expect(Set(item["required"] as? [String] ?? []) == ["loc", "msg", "type"])
        let predict = try #require(paths["/predict"]?["post"] as? [String: Any])
        let invalid = (predict["responses"] as? [String: Any])?["422"] as? [String: Any]
        let invalidSchema = ((invalid?["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"]
        #expect((invalidSchema as? [String: String])?["$ref"] == "#/components/schemas/HTTPValidationError")
        let requestBody = try #require(predict["requestBody"] as? [String: Any])
        let bodySchema = (requestBody["content"] as? [String: [String: [String: String]]])?["application/json"]?["schema"]
        #expect(bodySchema?["$ref"] == "#/components/schemas/PredictPayload")
        let payload = try #require(schemas["PredictPayload"] as? [String: Any])
        let example = try #require((payload["example"] as? [String: [[String: String]]])?["texts"])
        #expect(example.map { $0["text"] } == [
            "Transfer learning with transformers for text classification.",
            "Generative adversarial networks in both PyTorch and TensorFlow.",
        ])
    }

    /// scripts/validate-openapi installs openapi-spec-validator where it is missing, or fails saying why.
    @Test
    func openAPIDocumentValidates() throws {
        let server = try ServerProcess()
        let run = try runTool(PackageFiles.root.appendingPathComponent("scripts/validate-openapi").path, ["http://127.0.0.1:\(server.port)"])
        #expect(run.status == 0, "validate-openapi: \(run.output)\(run.stderr)")
    }
}
