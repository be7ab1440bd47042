import Foundation
import Testing
import TestSupport

/// `check-config` prints the one settings table the supervisor, the HTTP server and the application
/// build together: every key, in order, with its value and source, and the same error messages.
///
/// The expected outputs in `Tests/Fixtures/check-config` were captured from the binary before the
/// table was split among the modules; `<ROOT>` stands for the package's folder. They read
/// `etc/tagifai.yaml`, so a change there (a line moved) means capturing them again with the same
/// command line.
@Suite struct CheckConfigTableTests {
    private static let fixtures = PackageFiles.root.appendingPathComponent("Tests/Fixtures/check-config")

    /// The overrides of the captured run: every layer (file, environment, `--set`, a named flag) and
    /// keys of the supervisor, the HTTP server and the application.
    private static let overrides = [
        "--set", "threads=2", "--set", "max_body_size=2048", "--set", "forwarded_allow_ips=10.0.0.0/8",
        "--set", "metrics=false", "--workers", "3",
    ]
    private static let environment = ["TAGIFAI_KEEPALIVE": "7", "TAGIFAI_TIMEOUT": "45"]

    private func expected(_ name: String) throws -> String {
        try String(contentsOf: Self.fixtures.appendingPathComponent(name), encoding: .utf8)
            .replacingOccurrences(of: "<ROOT>", with: PackageFiles.root.standardizedFileURL.path)
    }

    private func run(_ arguments: [String], _ environment: [String: String]) throws -> TagifaiBinary.Result {
        try TagifaiBinary.run(
            ["check-config"] + arguments, environment: testEnvironment(environment),
            currentDirectory: PackageFiles.root)
    }

    @Test func textReportListsEveryKeyValueAndSourceInOrder() throws {
        let result = try run(Self.overrides, Self.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let expectedLines = try expected("overrides.txt").split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        #expect(lines.count == expectedLines.count)
        for (line, expectedLine) in zip(lines, expectedLines) {
            #expect(line == expectedLine)
        }
    }

    /// The JSON report without `resolved_from`, which describes the machine's CPUs.
    @Test func jsonReportListsEveryKeyValueAndSourceInOrder() throws {
        let result = try run(["--json"] + Self.overrides, Self.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let actual = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let wanted = try JSONSerialization.jsonObject(with: Data(try expected("overrides.json").utf8)) as? [String: Any]
        let settings = try #require(actual?["settings"] as? [[String: Any]])
            .map { $0.filter { $0.key != "resolved_from" } }
        let wantedSettings = try #require(wanted?["settings"] as? [[String: Any]])
        #expect(actual?["file"] as? String == wanted?["file"] as? String)
        #expect(settings.map { $0["key"] as? String } == wantedSettings.map { $0["key"] as? String })
        for (setting, wantedSetting) in zip(settings, wantedSettings) {
            #expect(try Self.text(setting) == Self.text(wantedSetting))
        }
    }

    /// One setting as sorted JSON text, so values compare with their JSON types (true is not 1).
    private static func text(_ setting: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: setting, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func errorsAndWarningsReadAsBefore() throws {
        let mixed = try run(
            ["--set", "certfile=/x.pem", "--set", "worker=3", "--set", "keepalive=abc", "--set", "cert_reqs=required"],
            ["TAGIFAI_THREAD": "2"])
        #expect(mixed.status == 1)
        #expect(mixed.stderr == (try expected("errors.txt")))

        let tls = try run(["--set", "ca_certs=/x.pem", "--set", "bad"], [:])
        #expect(tls.status == 1)
        #expect(tls.stderr == (try expected("tls-errors.txt")))
    }
}
