import HTTPWorker
import Synchronization
import Testing
@testable import TagifaiAPI

/// `GET /ready`: the lesson's envelope, 200 while serving and 503 once the server is stopping.
@Suite struct ReadinessRouteTests {
    @Test func readyIsTheOKEnvelopeWhileTheServerServes() throws {
        let response = APIFixture().call(.GET, "/ready")
        #expect(response.status == .ok)
        let json = try APIFixture.json(response)
        #expect(json["message"] == .string("OK"))
        #expect(json["status-code"] == .number("200"))
        #expect(json["url"] == .string("http://localhost:8000/ready"))
        #expect(json["data"] == .object([]))
    }

    @Test func readyIs503FromTheMomentTheServerStopsWhileTheHealthCheckStaysOK() throws {
        let stopping = Atomic(false)
        let api = APIFixture(isStopping: { stopping.load(ordering: .relaxed) })
        #expect(api.call(.GET, "/ready").closesConnection == false)
        stopping.store(true, ordering: .relaxed)
        let response = api.call(.GET, "/ready")
        #expect(response.status == .serviceUnavailable)
        #expect(response.closesConnection)
        #expect(response.headers["Content-Type"] == ["application/json"])
        let json = try APIFixture.json(response)
        guard case .object(let members) = json else {
            Issue.record("not an object: \(json)")
            return
        }
        #expect(members.map(\.key) == ["message", "method", "status-code", "timestamp", "url", "data"])
        #expect(json["message"] == .string(TagifaiAPI.stoppingMessage))
        #expect(json["status-code"] == .number("503"))
        #expect(json["data"] == .object([]))
        #expect(api.call(.GET, "/").status == .ok)
    }

    @Test func theDocumentGivesReadyBothAnswersAndOne503() throws {
        let document = try APIFixture.json(APIFixture().call(.GET, "/openapi.json"))
        let answers = document["paths"]?["/ready"]?["get"]?["responses"]
        guard case .object(let responses)? = answers else {
            Issue.record("no /ready responses")
            return
        }
        #expect(responses.filter { $0.key == "503" }.count == 1)
        let ready: JSONValue = .object([.init("$ref", "#/components/schemas/ReadyResponse")])
        #expect(answers?["200"]?["content"]?["application/json"]?["schema"] == ready)
        guard case .array(let choices)? = answers?["503"]?["content"]?["application/json"]?["schema"]?["anyOf"] else {
            Issue.record("no 503 schema")
            return
        }
        #expect(choices.contains(ready))
        let schema = document["components"]?["schemas"]?["ReadyResponse"]
        #expect(schema?["title"] == .string("ReadyResponse"))
        #expect(schema?["properties"]?["data"] == .object(["type": "object", "maxProperties": .integer(0)]),
                "the envelope's data is an empty object")
    }
}
