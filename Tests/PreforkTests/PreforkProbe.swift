import Foundation

/// Runs the `PreforkTestServer` executable in a probe role: a child process in which a test may
/// change what would otherwise change the test runner itself (its title, its user).
enum PreforkProbe {
    /// The executable that plays the probe.
    static var url: URL {
        get throws { try TestServer.binary }
    }

    /// Runs the probe with `arguments` and returns its `key=value` output lines and exit status;
    /// the probe is killed if it runs longer than ten seconds.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (values: [String: String], status: Int32) {
        let process = Process()
        process.executableURL = try url
        process.arguments = arguments
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 10, execute: watchdog)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        var values: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return (values, process.terminationStatus)
    }
}
