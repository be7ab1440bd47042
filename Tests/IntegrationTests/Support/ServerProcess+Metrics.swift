import Foundation
import TestSupport

extension ServerProcess {
    /// The port of the socket the supervisor bound for `name` (`listening at HOST:PORT for NAME`).
    func namedPort(_ name: String) -> Int? {
        guard let line = log.split(separator: "\n").first(where: { $0.hasSuffix(" for \(name)") }) else { return nil }
        let address = line.split(separator: " ").dropLast(2).last ?? ""
        return Int(address.split(separator: ":").last ?? "")
    }

    /// `GET /metrics` (on `port`, or the public port), failing the test unless it answers 200.
    func metricsText(port: Int? = nil) throws -> String {
        let client = try RawHTTPClient(port: port ?? self.port)
        try client.send("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        let reply = try client.readReply()
        guard reply.status == 200 else { throw RawHTTPClient.Failure(description: "GET /metrics answered \(reply.status)") }
        return reply.text
    }
}

/// The samples of a Prometheus text exposition, by `name{labels}` as written.
func metricSamples(_ text: String) -> [String: Double] {
    var samples: [String: Double] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
        samples[String(line[..<space])] = value
    }
    return samples
}
