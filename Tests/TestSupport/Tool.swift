import Foundation

/// What a finished command printed and how it exited.
public struct ToolResult: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: String
    /// Whether it was killed for outliving its timeout.
    public var timedOut = false

    /// Standard output as text.
    public var output: String { String(decoding: stdout, as: UTF8.self) }
}

/// Why a command that had to succeed did not.
public struct ToolError: Error, CustomStringConvertible {
    public var command: String
    public var result: ToolResult

    public var description: String {
        "\(command) \(result.timedOut ? "timed out" : "exited \(result.status)"): \(result.stderr.suffix(2000))"
    }
}

/// Runs `tool` with `arguments` to its end, `input` on its standard input, and returns what it printed.
///
/// The one way tests run a command: `environment` replaces the runner's own (nil keeps it), and a
/// command that outlives `timeout` is killed (SIGKILL), so a hung child fails its test instead of
/// hanging the run; `ToolResult.timedOut` says so.
public func runTool(
    _ tool: String, _ arguments: [String], input: Data = Data(), environment: [String: String]? = nil,
    currentDirectory: URL? = nil, timeout: Duration = .seconds(120)
) throws -> ToolResult {
    let process = Process()
    let output = Pipe(), errors = Pipe(), feed = Pipe()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = feed
    try process.run()
    let timedOut = Flag()
    let watchdog = DispatchWorkItem {
        guard process.isRunning else { return }
        timedOut.set()
        kill(process.processIdentifier, SIGKILL)
    }
    DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(timeout / .milliseconds(1))), execute: watchdog)
    feed.fileHandleForWriting.write(input)
    try feed.fileHandleForWriting.close()
    let (stdout, stderr) = readToEnd(output, errors)
    process.waitUntilExit()
    watchdog.cancel()
    return ToolResult(
        status: process.terminationStatus, stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self),
        timedOut: timedOut.isSet)
}

/// Reads a child's standard output and standard error to their ends, the latter on a thread of its
/// own so that a chatty child cannot fill one pipe and stall.
public func readToEnd(_ output: Pipe, _ errors: Pipe) -> (stdout: Data, stderr: Data) {
    nonisolated(unsafe) var stderr = Data()
    let stderrRead = DispatchGroup()
    DispatchQueue.global().async(group: stderrRead) {
        stderr = errors.fileHandleForReading.readDataToEndOfFile()
    }
    let stdout = output.fileHandleForReading.readDataToEndOfFile()
    stderrRead.wait()
    return (stdout, stderr)
}

/// Runs `tool` like `runTool`, throwing when it exits other than 0.
@discardableResult
public func runToolChecked(
    _ tool: String, _ arguments: [String], input: Data = Data(), environment: [String: String]? = nil,
    currentDirectory: URL? = nil, timeout: Duration = .seconds(120)
) throws -> ToolResult {
    let result = try runTool(
        tool, arguments, input: input, environment: environment, currentDirectory: currentDirectory, timeout: timeout)
    guard result.status == 0, !result.timedOut else {
        throw ToolError(command: ([tool] + arguments).joined(separator: " "), result: result)
    }
    return result
}
/// A flag one thread sets and another reads.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }

    var isSet: Bool { lock.withLock { value } }
}
