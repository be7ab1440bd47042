import Foundation
import TestSupport

/// Runs the built `tagifai` executable as a subprocess, the way a user or a service would.
enum TagifaiBinary {
    /// The executable beside the test bundle in the build products folder.
    static var url: URL {
        guard let url = try? PackageFiles.executable("tagifai") else {
            fatalError("no tagifai executable above the test bundle: build it with `swift build` first")
        }
        return url
    }

    /// What a finished run printed and how it exited.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `tagifai` with `arguments` to completion, in `testEnvironment()` unless `environment` is
    /// given; the child is killed if it outlives `timeout`.
    /// `launcher` (`setpriv ...`, say) runs it through another program.
    static func run(
        _ arguments: [String],
        environment: [String: String]? = nil,
        currentDirectory: URL? = nil,
        launcher: [String] = [],
        timeout: Duration = .seconds(120)
    ) throws -> Result {
        let result = try runTool(
            launcher.first ?? url.path, launcher.isEmpty ? arguments : launcher.dropFirst() + [url.path] + arguments,
            environment: environment ?? testEnvironment(), currentDirectory: currentDirectory ?? PackageFiles.root,
            timeout: timeout)
        return Result(status: result.status, stdout: result.output, stderr: result.stderr)
    }
}
