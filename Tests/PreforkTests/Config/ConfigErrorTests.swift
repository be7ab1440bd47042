import Testing
@testable import Prefork
@testable import Settings

@Suite struct ConfigErrorTests {
    @Test func unknownKeyNamesFileLineAndSuggestsTheNearKey() throws {
        let fixture = try ConfigFixture()
        let path = try fixture.write("workers: 2\nworker: 3\n")
        let errors = fixture.errors(file: path)
        #expect(errors == [.unknownKey(source: .file(path: path, line: 2), key: "worker", suggestion: "workers")])
        #expect(errors[0].description == "config \(path) line 2: unknown key \"worker\" (did you mean \"workers\"?)")
    }

    @Test func suggestionsSearchTheApplicationTableToo() throws {
        let fixture = try ConfigFixture()
        let errors = fixture.errors(overrides: [try ConfigOverride(assignment: "max-batch-size=5")])
        #expect(errors == [.unknownKey(source: .flag("--set max-batch-size"), key: "max-batch-size", suggestion: "max_batch_size")])
    }

    @Test func farOffKeyGetsNoSuggestion() throws {
        let fixture = try ConfigFixture()
        let path = try fixture.write("colour: blue\n")
        let errors = fixture.errors(file: path)
        #expect(errors == [.unknownKey(source: .file(path: path, line: 1), key: "colour", suggestion: nil)])
        #expect(errors[0].description.contains("remove it or correct its name"))
    }

    @Test func wrongTypeNamesKeyValueAndExpectation() throws {
        let fixture = try ConfigFixture()
        let path = try fixture.write("workers: many\n")
        let errors = fixture.errors(file: path)
        #expect(errors.count == 1)
        #expect(errors[0].description
            == "config \(path) line 1: workers: invalid value \"many\"; expected an integer in 1...1024 or auto")
    }

    @Test(arguments: [
        ("reuse_port", "maybe"), ("timeout", "ten"), ("timeout", "2d"), ("loglevel", "verbose"), ("umask", "0889"),
        ("docs_url", "cdn.example.com/x.js"), ("backlog", "1.5"), ("workers", "[1, 2]"), ("model", "{a: 1}"),
    ])
    func valueOfTheWrongKindIsRejected(key: String, value: String) throws {
        let fixture = try ConfigFixture()
        let path = try fixture.write("\(key): \(value)\n")
        let errors = fixture.errors(file: path)
        #expect(errors.count == 1)
        guard case .wrongType(let source, let reportedKey, _, _) = errors.first else {
            Issue.record("expected a wrong type error, got \(errors)")
            return
        }
        #expect(source == .file(path: path, line: 1))
        #expect(reportedKey == key)
    }

    @Test(arguments: [("backlog", "0"), ("workers", "0"), ("timeout", "48h"), ("umask", "1000"),
                      ("max_batch_size", "10001")])
    func valueOutOfRangeIsRejected(key: String, value: String) throws {
        let fixture = try ConfigFixture()
        let errors = fixture.errors(environment: ["APP_" + key.uppercased(): value])
        #expect(errors.count == 1)
        guard case .outOfRange(let source, let reportedKey, let reportedValue, _) = errors.first else {
            Issue.record("expected an out of range error, got \(errors)")
            return
        }
        #expect(source == .environment("APP_" + key.uppercased()))
        #expect(reportedKey == key)
        #expect(reportedValue == value)
    }

    @Test func requiredKeyCannotBeUnset() throws {
        let fixture = try ConfigFixture()
        let path = try fixture.write("workers:\nerrorlog: null\n")
        let errors = fixture.errors(file: path)
        #expect(errors.map(\.description) == [
            "config \(path) line 1: workers: invalid value \"null\"; expected an integer in 1...1024 or auto",
            "config \(path) line 2: errorlog: invalid value \"null\"; expected a non-empty path",
        ])
    }

    @Test func yamlSyntaxErrorGivesLineAndColumn() throws {
        let fixture = try ConfigFixture()
        let path = try fixture.write("workers: 2\nbind: [\"127.0.0.1:1\"\nbacklog: 3\n")
        let errors = fixture.errors(file: path)
        guard case .syntax(let reportedPath, let line?, let column?, _) = errors.first else {
            Issue.record("expected a syntax error with a position, got \(errors)")
            return
        }
        #expect(reportedPath == path)
        #expect(line >= 2)
        #expect(column >= 1)
        #expect(errors[0].description.hasPrefix("config \(path) line \(line) column \(column): invalid YAML"))
    }

    @Test func topLevelMustBeAMapping() throws {
        let fixture = try ConfigFixture()
        let path = try fixture.write("- workers\n- 2\n")
        #expect(fixture.errors(file: path) == [.notAMapping(path: path)])
    }

    @Test func duplicateKeyIsAnError() throws {
        let fixture = try ConfigFixture()
        let path = try fixture.write("workers: 2\nworkers: 3\n")
        #expect(fixture.errors(file: path) == [.duplicateKey(path: path, key: "workers")])
    }

    @Test func emptyFileMeansDefaults() throws {
        let fixture = try ConfigFixture()
        let path = try fixture.write("# nothing set\n")
        #expect(try fixture.load(file: path).server == ServerConfig())
    }

    @Test func namedFileThatIsMissingIsAnError() throws {
        let fixture = try ConfigFixture()
        let missing = fixture.folder.appendingPathComponent("missing.yaml").path
        #expect(fixture.errors(file: missing) == [.fileNotFound(path: missing, namedBy: "--config")])
        #expect(fixture.errors(environment: ["APP_CONFIG": missing]) == [.fileNotFound(path: missing, namedBy: "APP_CONFIG")])
    }

    /// A "billion laughs" file, each line nine copies of the line before: refused at its first anchor,
    /// as the reader takes no anchors or aliases, so nothing can expand.
    @Test(.timeLimit(.minutes(1)))
    func anchorsAndAliasesAreRefusedSoNothingCanExpand() throws {
        let fixture = try ConfigFixture()
        var lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...11 {
            let copies = Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ")
            lines.append("l\(level): &l\(level) {? [\(copies)] : lol}")
        }
        lines.append("workers: 2")
        let path = try fixture.write(lines.joined(separator: "\n") + "\n")
        let started = ContinuousClock.now
        let errors = fixture.errors(file: path)
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(errors == [.syntax(
            path: path, line: 1, column: 5,
            problem: "an anchor (&l0) is not supported in a config file; write the value out in full")])
        #expect(errors.first?.description == "config \(path) line 1 column 5: invalid YAML: an anchor (&l0) is not supported"
            + " in a config file; write the value out in full; fix the syntax")
    }

    @Test func quotedAndCommentedStarsAreNotAliases() throws {
        let fixture = try ConfigFixture()
        let path = try fixture.write("""
            workers: 64 # *not *an *alias
            user: "*"
            group: '*'
            proc_name: "a * b *c *d *e *f *g *h *i *j *k *l *m *n *o *p *q *r"

            """)
        let config = try fixture.load(file: path)
        #expect(config.server.workers == .fixed(64))
        #expect(config.server.user == "*" && config.server.group == "*")
    }

    @Test func aFileBeyondTheSizeLimitIsRefusedUnparsed() throws {
        let fixture = try ConfigFixture()
        let line = "# " + String(repeating: "x", count: 1021) + "\n"
        let path = try fixture.write(String(repeating: line, count: ConfigFile.maximumBytes / line.utf8.count + 1))
        let errors = fixture.errors(file: path)
        #expect(errors == [.fileTooLarge(path: path, limit: ConfigFile.maximumBytes)])
        #expect(errors.first?.description == "config \(path): larger than 1024 KiB, more than any config needs; name the config file, not another")
    }

    @Test func folderInPlaceOfTheFileIsUnreadable() throws {
        let fixture = try ConfigFixture()
        let errors = fixture.errors(file: fixture.folder.path)
        guard case .unreadableFile(let path, _) = errors.first else {
            Issue.record("expected an unreadable file error, got \(errors)")
            return
        }
        #expect(path == fixture.folder.path)
    }

    @Test func assignmentWithoutEqualsIsRejected() {
        #expect(throws: ConfigError.malformedAssignment("workers")) { try ConfigOverride(assignment: "workers") }
        #expect(throws: ConfigError.malformedAssignment("=4")) { try ConfigOverride(assignment: "=4") }
    }

    @Test func everyErrorOfEveryLayerIsReported() throws {
        let fixture = try ConfigFixture()
        let path = try fixture.write("worker: 2\nbacklog: -1\nbind: [localhost, '[::1]:99999']\n")
        let errors = fixture.errors(
            file: path,
            overrides: [try ConfigOverride(assignment: "threads=zero")],
            environment: ["APP_TIMEOUT": "soon"])
        #expect(errors.count == 6)
        #expect(errors.map(\.description).allSatisfy { !$0.isEmpty })
        #expect(ConfigError.combining(errors).description.split(separator: "\n").count == 6)
    }
}

/// `workers_max` against `workers`, the floor autoscaling never goes under.
@Suite struct WorkersMaxConfigTests {
    @Test func workersMaxBelowWorkersNamesKeyValueAndTheFix() throws {
        let fixture = try ConfigFixture()
        let path = try fixture.write("workers: 3\nworkers_max: 2\n")
        let errors = fixture.errors(file: path)
        #expect(errors.map(\.description) == [
            "config \(path) line 2: workers_max: 2 is below workers (3), the fewest workers autoscaling runs; "
                + "set workers_max to 3 or more, or to 0 to keep the worker count fixed",
        ])
    }

    @Test func offEqualOrAboveIsAccepted() throws {
        let fixture = try ConfigFixture()
        for yaml in ["workers: 3\n", "workers: 3\nworkers_max: 0\n", "workers: 3\nworkers_max: 3\n", "workers: 1\nworkers_max: 4\n"] {
            #expect(fixture.errors(file: try fixture.write(yaml)).isEmpty, "\(yaml)")
        }
        let config = try fixture.load(file: try fixture.write("workers: 1\nworkers_max: 4\nscale_down_seconds: 5\n")).server
        let limits = try #require(ArbiterSettings(config: config, cpus: 2).autoscaling)
        #expect(limits == WorkerAutoscaler.Limits(floor: 1, ceiling: 4, upSeconds: 3, downSeconds: 5))
        #expect(ArbiterSettings(config: ServerConfig(), cpus: 2).autoscaling == nil, "off by default")
    }

    @Test func autoIsResolvedBeforeTheCheck() throws {
        var config = ServerConfig()
        config.workers = .auto
        config.workersMax = 3
        #expect(throws: ConfigError.self) { try config.checkWorkersMax([:], cpus: 4) }
        #expect(throws: Never.self) { try config.checkWorkersMax([:], cpus: 2) }
    }
}
