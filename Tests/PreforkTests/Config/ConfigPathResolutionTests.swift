import Foundation
import Testing
@testable import Prefork
@testable import Settings

/// Relative paths resolve against the config file's folder when the file sets them, else against
/// the working directory, so an installed config means the same in whatever folder the server starts.
@Suite struct ConfigPathResolutionTests {
    private var workingDirectory: String { FileManager.default.currentDirectoryPath }

    @Test func pathsInTheFileResolveAgainstItsFolder() throws {
        let fixture = try ConfigFixture()
        try FileManager.default.createDirectory(
            at: fixture.folder.appendingPathComponent("etc"), withIntermediateDirectories: true)
        let path = try fixture.write(
            "model: ../models/tagifai\npidfile: run/tagifai.pid\nerrorlog: ./logs/../error.log\n", to: "etc/tagifai.yaml")
        let config = try fixture.load(file: path)
        #expect(config.application.string("model") == fixture.folder.path + "/models/tagifai")
        #expect(config.server.pidfile == fixture.folder.path + "/etc/run/tagifai.pid")
        #expect(config.server.errorlog == fixture.folder.path + "/etc/error.log")
        #expect(config.entry("model")?.source == .file(path: path, line: 1))
    }

    @Test func aRelativeConfigFileIsTakenFromTheWorkingDirectory() throws {
        let fixture = try ConfigFixture()
        let path = try fixture.write("model: m\n")
        let relative = Self.relativePath(path, from: workingDirectory)
        #expect(!relative.hasPrefix("/"))
        let config = try fixture.load(file: relative)
        #expect(config.application.string("model") == fixture.folder.path + "/m")
    }

    @Test func flagsEnvironmentAndDefaultsResolveAgainstTheWorkingDirectory() throws {
        let fixture = try ConfigFixture()
        let path = try fixture.write("model: from-file\n")
        let config = try fixture.load(
            file: path,
            overrides: [try ConfigOverride(assignment: "pidfile=flag.pid")],
            environment: ["APP_MODEL": "models/env", "APP_CONTROL_SOCKET": "control.sock"])
        #expect(config.application.string("model") == workingDirectory + "/models/env")
        #expect(config.server.pidfile == workingDirectory + "/flag.pid")
        #expect(config.server.controlSocket == workingDirectory + "/control.sock")
        #expect(config.server.errorlog == "-")
    }

    @Test func absolutePathsStreamsAndUnsetValuesStayAsWritten() throws {
        let fixture = try ConfigFixture()
        let path = try fixture.write("model: /srv/models//tagifai/\ncontrol_socket: '-'\nerrorlog: '-'\npidfile: null\n")
        let config = try fixture.load(file: path)
        #expect(config.application.string("model") == "/srv/models/tagifai")
        #expect(config.server.controlSocket == "-")
        #expect(config.server.errorlog == "-")
        #expect(config.server.pidfile == nil)
    }

    /// Absolute `path` written relative to absolute `base`, with `..` steps.
    private static func relativePath(_ path: String, from base: String) -> String {
        let target = path.split(separator: "/")
        let from = base.split(separator: "/")
        let common = zip(target, from).prefix { $0 == $1 }.count
        return (Array(repeating: "..", count: from.count - common) + target.dropFirst(common)).joined(separator: "/")
    }
}
