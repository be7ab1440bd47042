import Foundation
import TestSupport

/// Runs the `PreforkTestServer` executable in a probe role: a child process in which a test may
/// change what would otherwise change the test runner itself (its title, its user).
enum PreforkProbe {
    /// The executable that plays the probe.
    static var url: URL {
        get throws { try TestServer.binary }
    }

    /// Runs the probe with `arguments` (and only `environment`) and returns its `key=value` output
    /// lines and exit status; the probe is killed if it runs longer than ten seconds.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (values: [String: String], status: Int32) {
        let result = try runTool(try url.path, arguments, environment: environment, timeout: .seconds(10))
        var values: [String: String] = [:]
        for line in result.output.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return (values, result.status)
    }
}
