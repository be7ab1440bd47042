import Foundation
import TestSupport

/// What a server did with bytes sent on a fresh connection.
enum HostileOutcome: Equatable, CustomStringConvertible {
    /// It answered with this status.
    case answered(Int)
    /// It closed the connection without an answer.
    case closed

    /// A 4xx answer, or a close where no answer is possible.
    var isRefusal: Bool {
        switch self {
        case .answered(let status): (400..<500).contains(status)
        case .closed: true
        }
    }

    var description: String {
        switch self {
        case .answered(let status): "answered \(status)"
        case .closed: "closed without an answer"
        }
    }
}

extension ServerProcess {
    /// Sends `bytes` on a new connection, then reads the first answer (or sees the close).
    ///
    /// A server may refuse before the whole request is sent, so a failed send still reads what came back.
    func outcome(of bytes: [UInt8], timeout: Int = 15) throws -> HostileOutcome {
        let client = try connect(timeout: timeout)
        try? client.send(bytes)
        guard let reply = try? client.readReply() else { return .closed }
        return .answered(reply.status)
    }

    /// A `POST /predict` request with `body` as its JSON body.
    func predictRequest(_ body: [UInt8]) -> [UInt8] {
        Array("POST /predict HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8)
            + body
    }

    /// Whether `GET /` is answered 200 on a new connection.
    var servesHealthCheck: Bool {
        (try? request("GET", "/").status) == 200
    }
}
