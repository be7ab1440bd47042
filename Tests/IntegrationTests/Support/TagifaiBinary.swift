import Foundation
import TestSupport

/// Runs the built `tagifai` executable as a subprocess, the way a user or a service would.
enum TagifaiBinary {
    /// The executable beside the test bundle in the build products folder.
    static var url: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = bundle.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("tagifai")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        fatalError("no tagifai executable above \(bundle.path): build it with `swift build` first")
    }

    /// The package's root folder, so tests can name committed files such as `etc/` and `models/`.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// What a finished run printed and how it exited.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `tagifai` with `arguments` to completion; the child is killed if it outlives `timeout`.
    /// `launcher` (`setpriv ...`, say) runs it through another program.
    static func run(
        _ arguments: [String],
        environment: [String: String]? = nil,
        currentDirectory: URL? = nil,
        launcher: [String] = [],
        timeout: Duration = .seconds(120)
    ) throws -> Result {
        let process = Process()
        process.executableURL = launcher.first.map(URL.init(fileURLWithPath:)) ?? url
        process.arguments = launcher.isEmpty ? arguments : launcher.dropFirst() + [url.path] + arguments
        if let environment { process.environment = environment }
        process.currentDirectoryURL = currentDirectory ?? packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(
            deadline: .now() + .milliseconds(Int(timeout.components.seconds * 1000)), execute: watchdog)
        let (stdout, stderr) = readToEnd(out, err)
        process.waitUntilExit()
        watchdog.cancel()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}
