import Foundation
import Testing
@testable import Prefork
@testable import Settings

@Suite struct ConfigLoaderPrecedenceTests {
    @Test func withNothingSetEveryKeyHasItsDefault() throws {
        let fixture = try ConfigFixture()
        let config = try fixture.load()
        #expect(config.file == nil)
        #expect(config.server == ServerConfig())
        #expect(config.entries.allSatisfy { $0.source == .builtIn })
        #expect(config.entries.map(\.key) == (ServerConfig.settings + ConfigFixture.applicationSettings).map(\.key))
        #expect(config.application.string("model") == FileManager.default.currentDirectoryPath + "/models/demo")
    }

    @Test func fileOverridesDefaultsAndRecordsItsLines() throws {
        let fixture = try ConfigFixture()
        let path = try fixture.write("# comment\nworkers: 4\nmodel: models/other\n")
        let config = try fixture.load(file: path)
        #expect(config.file == path)
        #expect(config.server.workers == .fixed(4))
        #expect(config.entry("workers")?.source == .file(path: path, line: 2))
        #expect(config.application.string("model") == fixture.folder.path + "/models/other")
        #expect(config.entry("model")?.source == .file(path: path, line: 3))
        #expect(config.entry("backlog")?.source == .builtIn)
    }

    @Test func environmentOverridesFile() throws {
        let fixture = try ConfigFixture()
        let path = try fixture.write("workers: 4\nbind: ['127.0.0.1:1']\n")
        let config = try fixture.load(
            file: path, environment: ["APP_WORKERS": "auto", "APP_BIND": "0.0.0.0:80,unix:/tmp/a.sock"])
        #expect(config.server.workers == .auto)
        #expect(config.entry("workers")?.source == .environment("APP_WORKERS"))
        #expect(config.server.bind == [.tcp(host: "0.0.0.0", port: 80), .unix(path: "/tmp/a.sock")])
    }

    @Test func flagsOverrideEnvironmentAndFile() throws {
        let fixture = try ConfigFixture()
        let path = try fixture.write("workers: 4\n")
        let config = try fixture.load(
            file: path,
            overrides: [ConfigOverride(key: "workers", values: ["3"], flag: "--workers")],
            environment: ["APP_WORKERS": "5"])
        #expect(config.server.workers == .fixed(3))
        #expect(config.entry("workers")?.source == .flag("--workers"))
    }

    @Test func laterFlagsWinOverEarlierOnes() throws {
        let fixture = try ConfigFixture()
        let config = try fixture.load(overrides: [
            try ConfigOverride(assignment: "max_batch_size=7"),
            try ConfigOverride(assignment: "max_batch_size=9"),
        ])
        #expect(config.application.integer("max_batch_size") == 9)
        #expect(config.entry("max_batch_size")?.source == .flag("--set max_batch_size"))
    }

    @Test func repeatedBindFlagGivesAList() throws {
        let fixture = try ConfigFixture()
        let config = try fixture.load(overrides: [
            ConfigOverride(key: "bind", values: ["127.0.0.1:0", "[::1]:0"], flag: "--bind")
        ])
        #expect(config.server.bind == [.tcp(host: "127.0.0.1", port: 0), .tcp(host: "::1", port: 0)])
    }

    @Test func emptyValueUnsetsAnOptionalKey() throws {
        let fixture = try ConfigFixture()
        let path = try fixture.write("pidfile: /run/a.pid\ncontrol_socket: null\n")
        let config = try fixture.load(file: path, overrides: [try ConfigOverride(assignment: "pidfile=")])
        #expect(config.server.pidfile == nil)
        #expect(config.server.controlSocket == nil)
    }

    /// The word the messages name for unsetting a key (`or null to unset`) works on the command line
    /// and in the environment too, instead of naming a file called `null`.
    @Test func nullUnsetsAnOptionalKeyFromFlagsAndEnvironment() throws {
        let fixture = try ConfigFixture()
        let config = try fixture.load(
            overrides: [try ConfigOverride(assignment: "control_socket=null")], environment: ["APP_PIDFILE": "null"])
        #expect(config.server.controlSocket == nil)
        #expect(config.server.pidfile == nil)
        #expect(fixture.errors(overrides: [try ConfigOverride(assignment: "workers=null")]).count == 1)
        // A key that cannot be unset still takes the word as its value.
        let named = try fixture.load(overrides: [try ConfigOverride(assignment: "proc_name=null")])
        #expect(named.server.procName == "null")
    }

    @Test func configVariableNamesTheFileWhenNoFlagDoes() throws {
        let fixture = try ConfigFixture()
        let named = try fixture.write("workers: 6\n", to: "named.yaml")
        try fixture.write("workers: 7\n", to: "default.yaml")
        #expect(try fixture.load(environment: ["APP_CONFIG": named]).server.workers == .fixed(6))
        let flagged = try fixture.write("workers: 8\n", to: "flagged.yaml")
        #expect(try fixture.load(file: flagged, environment: ["APP_CONFIG": named]).server.workers == .fixed(8))
    }

    @Test func defaultFileIsReadWhenPresentAndOptionalWhenNot() throws {
        let fixture = try ConfigFixture()
        #expect(try fixture.load().file == nil)
        try fixture.write("workers: 7\n", to: "default.yaml")
        let config = try fixture.load()
        #expect(config.file == fixture.defaultFile)
        #expect(config.server.workers == .fixed(7))
    }

    @Test func everyServerKeyReachesServerConfig() throws {
        let fixture = try ConfigFixture()
        let path = try fixture.write("""
            bind: ["[::]:9000"]
            backlog: 16
            workers: 3
            reuse_port: yes
            timeout: 2m
            graceful_timeout: 45s
            max_requests: 1000
            max_requests_jitter: 50
            pidfile: /run/tagifai.pid
            user: www-data
            group: "33"
            umask: 0o027
            errorlog: /var/log/error.log
            loglevel: WARNING
            proc_name: demo
            """)
        var expected = ServerConfig()
        expected.bind = [.tcp(host: "::", port: 9000)]
        expected.backlog = 16
        expected.workers = .fixed(3)
        expected.reusePort = true
        expected.timeout = 120
        expected.gracefulTimeout = 45
        expected.maxRequests = 1000
        expected.maxRequestsJitter = 50
        expected.pidfile = "/run/tagifai.pid"
        expected.user = "www-data"
        expected.group = "33"
        expected.umask = 0o027
        expected.errorlog = "/var/log/error.log"
        expected.loglevel = .warning
        expected.procName = "demo"
        #expect(try fixture.load(file: path).server == expected)
    }
}

@Suite struct UnrecognizedVariableTests {
    @Test func prefixedVariablesThatNameNoSettingAreListedWithSuggestions() throws {
        let fixture = try ConfigFixture()
        let found = fixture.loader.unrecognizedVariables(in: [
            "APP_WORKER": "4", "APP_WORKERS": "2", "APP_CONFIG": "x.yaml", "APP_COLOUR": "blue", "HOME": "/root",
        ])
        #expect(found == [
            UnrecognizedVariable(name: "APP_COLOUR", suggestion: nil),
            UnrecognizedVariable(name: "APP_WORKER", suggestion: "APP_WORKERS"),
        ])
        #expect(found[1].description == "environment APP_WORKER is not a setting and is ignored (did you mean APP_WORKERS?)")
    }
}
