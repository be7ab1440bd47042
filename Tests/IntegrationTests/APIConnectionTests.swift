import Dispatch
import Foundation
import Testing
import TestSupport

/// Keep-alive, pipelining, chunked bodies, non-ASCII texts and concurrent clients against the real binary.
@Suite(.timeLimit(.minutes(3))) struct APIConnectionTests {
    private static let predictBody = #"{"texts": [{"text": "Transfer learning with transformers for text classification."}, {"text": "Generative adversarial networks in both PyTorch and TensorFlow."}]}"#

    private static func predictRequest(_ body: String = predictBody, extraHeaders: String = "") -> String {
        "POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\(extraHeaders)"
            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    @Test func aThousandRequestsOnOneKeepAliveConnection() throws {
        let server = try ServerProcess()
        let workers = try server.workersBeforeTraffic()
        let client = try server.connect()
        for index in 0..<1_000 {
            if index.isMultiple(of: 2) {
                try client.send("GET /?n=\(index) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            } else {
                try client.send(Self.predictRequest())
            }
            let reply = try client.readReply()
            try #require(reply.status == 200, "request \(index): \(reply.status) \(reply.text)")
            try #require(reply.header("Connection") == nil, "request \(index) closed the connection")
            if index.isMultiple(of: 2) {
                #expect(try reply.json()["url"] as? String == "http://127.0.0.1/?n=\(index)")
            } else {
                #expect((try reply.data()["predictions"] as? [Any])?.count == 2)
            }
        }
        server.expectSameWorkers(workers)
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let server = try ServerProcess()
        let client = try server.connect()
        let requests = [
            "GET /?first HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            Self.predictRequest(#"{"texts": [{"text": "YOLO object detection in images"}]}"#),
            "GET /args/seed HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            "GET /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            Self.predictRequest(#"{"texts": []}"#),
            "HEAD /performance HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            "GET /performance?filter=overall HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            "GET /?last HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        ]
        try client.send(requests.joined())
        var replies: [RawHTTPClient.Reply] = []
        for request in requests { replies.append(try client.readReply(head: request.hasPrefix("HEAD"))) }
        #expect(replies.map(\.status) == [200, 200, 200, 404, 422, 200, 200, 200])
        #expect(try replies[0].json()["url"] as? String == "http://127.0.0.1/?first")
        #expect(((try replies[1].data()["predictions"] as? [[String: String]])?.first?["input_text"]) == "YOLO object detection in images")
        #expect(try replies[2].data()["seed"] as? Int == 1234)
        #expect(try replies[6].json()["url"] as? String == "http://127.0.0.1/performance?filter=overall")
        #expect(try replies[7].json()["url"] as? String == "http://127.0.0.1/?last")
        #expect(replies[7].header("Connection") == "close")
        #expect(client.isClosedByServer())
    }

    @Test func aChunkedBodyIsReassembled() throws {
        let server = try ServerProcess()
        let client = try server.connect()
        // The é of "Réseaux" is split between two chunks.
        let body = Array(#"{"texts": [{"text": "Réseaux de neurones convolutifs pour l'image"}, {"text": "BERT"}]}"#.utf8)
        let split = body.firstIndex(of: 0xC3)! + 1
        let chunks = [Array(body[..<5]), Array(body[5..<split]), Array(body[split...])]
        var bytes = Array("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        for chunk in chunks { bytes += Array((String(chunk.count, radix: 16) + "\r\n").utf8) + chunk + Array("\r\n".utf8) }
        bytes += Array("0\r\n\r\n".utf8)
        try client.send(bytes)
        let reply = try client.readReply()
        #expect(reply.status == 200, "\(reply.text)")
        let predictions = try #require(try reply.data()["predictions"] as? [[String: String]])
        #expect(predictions.map { $0["input_text"] } == ["Réseaux de neurones convolutifs pour l'image", "BERT"])
        // The connection stays usable after a chunked request.
        try client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(try client.readReply().status == 200)
    }

    @Test func nonASCIITextsRoundTripInInputText() throws {
        let server = try ServerProcess()
        let workers = try server.workersBeforeTraffic()
        let texts = [
            "😀 Emoji 🚀 detection with transformers 👩‍💻🏳️‍🌈",
            "基于深度学习的中文文本分类",
            "日本語の物体検出とセグメンテーション",
            "한국어 자연어 처리",
            "Détection d'objets à l'aide de réseaux neuronaux – façon naïve",
            "Cafe\u{301} with a combining accent",
            "العربية: تصنيف النصوص",
            "quotes \" backslash \\ tab \t newline \n and a control \u{1} character",
        ]
        let body = try JSONSerialization.data(withJSONObject: ["texts": texts.map { ["text": $0] }])
        let reply = try server.request(
            "POST", "/predict", bytes: Array(body), headers: ["Content-Type": "application/json"])
        #expect(reply.status == 200, "\(reply.text)")
        let predictions = try #require(try reply.data()["predictions"] as? [[String: String]])
        #expect(predictions.map { $0["input_text"] } == texts)
        let labels = try JSONSerialization.jsonObject(
            with: Data(contentsOf: PackageFiles.root.appendingPathComponent("models/tagifai/labels.json")))
        let classes = try #require((labels as? [String: Any])?["class_to_index"] as? [String: Int]).keys
        #expect(predictions.allSatisfy { classes.contains($0["predicted_tag"] ?? "") }, "\(predictions)")
        // Written as UTF-8 (ensure_ascii=False), not as \u escapes.
        #expect(reply.text.contains("基于深度学习的中文文本分类"))
        // \u escapes in the request, surrogate pairs included, decode to the same text.
        let escaped = try server.predict(#"{"texts": [{"text": "caf\u00e9 \ud83d\ude00 \u4e2d"}]}"#)
        #expect((try escaped.data()["predictions"] as? [[String: String]])?.first?["input_text"] == "café 😀 中")
        server.expectSameWorkers(workers)
    }

    @Test func expectContinueIsAnsweredBeforeTheBody() throws {
        // curl sends Expect: 100-continue with larger bodies and waits for the interim answer.
        let server = try ServerProcess()
        let client = try server.connect()
        let body = #"{"texts": [{"text": "Sent after 100 Continue"}]}"#
        try client.send("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Expect: 100-continue\r\nContent-Length: \(body.utf8.count)\r\n\r\n")
        #expect(try client.readReply().status == 100)
        try client.send(body)
        let reply = try client.readReply()
        #expect(reply.status == 200)
        #expect((try reply.data()["predictions"] as? [[String: String]])?.first?["input_text"] == "Sent after 100 Continue")
    }

    @Test func anHTTP10RequestIsAnsweredAndClosed() throws {
        let server = try ServerProcess()
        let client = try server.connect()
        try client.send("GET /?v=1.0 HTTP/1.0\r\n\r\n")
        let reply = try client.readReply()
        #expect(reply.status == 200)
        #expect(try reply.json()["url"] as? String == "http://127.0.0.1:\(server.port)/?v=1.0")
        #expect(client.isClosedByServer())
    }

    @Test func connectionCloseIsHonoured() throws {
        let server = try ServerProcess()
        let client = try server.connect()
        try client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        let reply = try client.readReply()
        #expect(reply.status == 200)
        #expect(reply.header("Connection") == "close")
        #expect(client.isClosedByServer())
    }

    @Test func anIdleKeepAliveConnectionIsClosedAfterKeepalive() throws {
        let server = try ServerProcess(arguments: ["--set", "keepalive=1"])
        let client = try server.connect(timeout: 10)
        try client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(try client.readReply().status == 200)
        let answered = ContinuousClock.now
        #expect(client.isClosedByServer())
        let idle = ContinuousClock.now - answered
        #expect(idle >= .milliseconds(900) && idle < .seconds(3), "closed \(idle) after the answer; keepalive is 1 s")
    }

    @Test func concurrentClientsAreAllServed() throws {
        let server = try ServerProcess(workers: 2)
        let workers = try server.workersBeforeTraffic()
        let threads = 16, perThread = 50
        let port = server.port
        let problems = ThreadProblems()
        onThreads(threads) { thread in
            do {
                let client = try RawHTTPClient(port: port, timeout: 30)
                for index in 0..<perThread {
                    let text = "thread \(thread) request \(index): 物体検出 with YOLO 🚀"
                    try client.send(Self.predictRequest(#"{"texts": [{"text": "\#(text)"}]}"#))
                    let reply = try client.readReply()
                    let echoed = (try? reply.data()["predictions"] as? [[String: String]])?.first?["input_text"]
                    if reply.status != 200 || echoed != text {
                        problems.add("\(thread)/\(index): \(reply.status) \(reply.text.prefix(200))")
                    }
                }
            } catch {
                problems.add("thread \(thread): \(error)")
            }
        }
        #expect(problems.all.isEmpty, "\(problems.all.count) of \(threads * perThread) failed: \(problems.all.prefix(5))")
        server.expectSameWorkers(workers)
    }

    @Test func workersSharingTheSocketSurviveManyShortConnections() throws {
        // Every worker is woken for each new connection and only one accepts it: the others must carry on.
        let server = try ServerProcess(workers: 2)
        let workers = try server.workersBeforeTraffic()
        let port = server.port
        let problems = ThreadProblems()
        onThreads(4) { thread in
            for index in 0..<400 {
                do {
                    let client = try RawHTTPClient(port: port, timeout: 30)
                    try client.send("GET /?\(thread)-\(index) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    let status = try client.readReply().status
                    if status != 200 { problems.add("\(thread)/\(index): \(status)") }
                } catch {
                    problems.add("\(thread)/\(index): \(error)")
                }
            }
        }
        #expect(problems.all.isEmpty, "\(problems.all.count) of 1600 failed: \(problems.all.prefix(5))")
        server.expectSameWorkers(workers)
    }
}
