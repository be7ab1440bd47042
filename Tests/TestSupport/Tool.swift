import Foundation

/// What a finished command printed and how it exited.
public struct ToolResult: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: String

    /// Standard output as text.
    public var output: String { String(decoding: stdout, as: UTF8.self) }
}

/// Why a command that had to succeed did not.
public struct ToolError: Error, CustomStringConvertible {
    public var command: String
    public var result: ToolResult

    public var description: String {
        "\(command) exited \(result.status): \(result.stderr.suffix(2000))"
    }
}

/// Runs `tool` with `arguments` to its end, `input` on its standard input, and returns what it printed.
public func runTool(_ tool: String, _ arguments: [String], input: Data = Data()) throws -> ToolResult {
    let process = Process()
    let output = Pipe(), errors = Pipe(), feed = Pipe()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = feed
    try process.run()
    feed.fileHandleForWriting.write(input)
    try feed.fileHandleForWriting.close()
    let (stdout, stderr) = readToEnd(output, errors)
    process.waitUntilExit()
    return ToolResult(status: process.terminationStatus, stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self))
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
public func runToolChecked(_ tool: String, _ arguments: [String], input: Data = Data()) throws -> ToolResult {
    let result = try runTool(tool, arguments, input: input)
    guard result.status == 0 else {
        throw ToolError(command: ([tool] + arguments).joined(separator: " "), result: result)
    }
    return result
}
