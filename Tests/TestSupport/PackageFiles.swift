import Foundation

/// Where the package's committed files and its built executables are, for tests that run them.
public enum PackageFiles {
    /// The package's root folder, so tests can name committed files such as `etc/` and `models/`.
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The executable `name` beside the test bundle in the build products folder.
    public static func executable(_ name: String) throws -> URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = bundle.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [
            NSFilePathErrorKey: "\(name) above \(bundle.path) (build it with swift build --build-tests)",
        ])
    }
}

/// The text of the file at `path`, or "" when it cannot be read (not written yet, say).
public func contents(_ path: String) -> String {
    (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
}

/// The test runner's environment without its `TAGIFAI_*` variables (a developer's own settings must
/// not change what a test sees), with a runtime folder of the test run's own, plus `extra`.
public func testEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TAGIFAI_") }
        .merging(["XDG_RUNTIME_DIR": testRuntimeFolder]) { $1 }
        .merging(extra) { $1 }
}

/// `XDG_RUNTIME_DIR` for the servers a test starts from the committed config (`pidfile: auto`):
/// one folder per test run, so they neither meet a developer's own server nor leave files in theirs.
private let testRuntimeFolder: String = {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tagifai-tests-\(getpid())-run").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    return path
}()
