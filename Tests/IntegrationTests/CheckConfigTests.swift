import Foundation
import Testing
import TestSupport

@Suite(.timeLimit(.minutes(3))) struct CheckConfigTests {
    /// A scratch folder holding `yaml` as `tagifai.yaml`.
    private func temporaryConfig(_ yaml: String) throws -> ScratchFolder {
        let scratch = try ScratchFolder("check-config")
        try scratch.write("tagifai.yaml", yaml)
        return scratch
    }

    /// The `settings` of a `--json` report as key → (value re-encoded as JSON text, source).
    private func settings(_ json: String) throws -> [String: (value: String, source: String)] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let items = try #require(object?["settings"] as? [[String: Any]])
        var result: [String: (value: String, source: String)] = [:]
        for item in items {
            let key = try #require(item["key"] as? String)
            let value = try JSONSerialization.data(withJSONObject: item["value"] ?? NSNull(), options: .fragmentsAllowed)
            result[key] = (String(decoding: value, as: UTF8.self), try #require(item["source"] as? String))
        }
        return result
    }

    /// The string that `json`, one encoded JSON string, holds.
    private func jsonString(_ json: String) throws -> String? {
        try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed) as? String
    }

    @Test func committedConfigIsValidAndEqualsTheBuiltInDefaults() throws {
        let committed = try TagifaiBinary.run(["check-config", "--json"], environment: testEnvironment())
        #expect(committed.status == 0, "\(committed.stderr)")
        let fromFile = try settings(committed.stdout)
        #expect(fromFile.values.allSatisfy { $0.source.hasPrefix("file etc/tagifai.yaml line ") })

        let scratch = try ScratchFolder("check-config")
        let folder = scratch.url
        // check-config loads the model as serve would: the default folder, relative to the
        // working directory, must hold one.
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("models"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: PackageFiles.root.appendingPathComponent("models/tagifai"), to: folder.appendingPathComponent("models/tagifai"))
        let builtIn = try TagifaiBinary.run(["check-config", "--json"], environment: testEnvironment(), currentDirectory: folder)
        #expect(builtIn.status == 0, "\(builtIn.stderr)")
        let defaults = try settings(builtIn.stdout)
        #expect(defaults.values.allSatisfy { $0.source == "default" })
        #expect(Set(fromFile.keys) == Set(defaults.keys))
        for (key, entry) in defaults where key != "model" && key != "pidfile" {
            #expect(fromFile[key]?.value == entry.value, "\(key)")
        }
        // The one other difference: the committed file gives servers started from it a pidfile in
        // the user's runtime folder, so status and ctl find them (the built-in default has none).
        #expect(try fromFile["pidfile"].map { try jsonString($0.value) } == "auto")
        #expect(defaults["pidfile"]?.value == "null")
        // The default model folder is relative to the working directory; the committed file names
        // the repository's, relative to its own folder, so it serves from any working directory.
        let repositoryModel = PackageFiles.root.appendingPathComponent("models/tagifai").standardizedFileURL.path
        #expect(try fromFile["model"].map { try jsonString($0.value) } == repositoryModel)
        #expect(try defaults["model"].map { try jsonString($0.value) } == folder.standardizedFileURL.path + "/models/tagifai")
    }

    @Test func textReportShowsEachLayersSource() throws {
        let scratch = try temporaryConfig("workers: 3\nbacklog: 64\nmax_batch_size: 10\n")
        let result = try TagifaiBinary.run(
            ["check-config", "--config", scratch.path("tagifai.yaml"), "--workers", "auto", "--set", "max_batch_size=20"],
            environment: testEnvironment(["TAGIFAI_BACKLOG": "128", "TAGIFAI_MODEL": "models/../models/tagifai"]))
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "# config file: \(scratch.path("tagifai.yaml"))")
        #expect(lines.contains { $0.hasPrefix("workers ") && $0.contains("= auto (") && $0.hasSuffix("(flag --workers)") })
        #expect(lines.contains { $0.hasPrefix("backlog ") && $0.contains("= 128 ") && $0.hasSuffix("(env TAGIFAI_BACKLOG)") })
        let model = PackageFiles.root.standardizedFileURL.path + "/models/tagifai"
        #expect(lines.contains { $0.hasPrefix("model ") && $0.contains("= \(model) ") && $0.hasSuffix("(env TAGIFAI_MODEL)") })
        #expect(lines.contains { $0.hasPrefix("max_batch_size ") && $0.hasSuffix("(flag --set max_batch_size)") })
        #expect(lines.contains { $0.hasPrefix("threads ") && $0.hasSuffix("(default)") })
    }

    @Test func aModelThatWouldNotLoadFailsTheCheck() throws {
        let missing = try TagifaiBinary.run(["check-config", "--model", "/no/such/folder"], environment: testEnvironment())
        #expect(missing.status == 1)
        #expect(missing.stdout.isEmpty)
        #expect(missing.stderr == """
            error: model file /no/such/folder/manifest.json is missing: train a model with `tagifai train --out DIR` \
            or pass --model with the folder that holds it (model: /no/such/folder, from flag --model)
            check-config: 1 error; the server would not start

            """)
    }

    /// A config copied to another folder keeps its relative `model:`; the error says where it now points and why.
    @Test func aCopiedConfigSaysRelativePathsFollowItsFolder() throws {
        let scratch = try ScratchFolder("check-config")
        let copy = scratch.path("tagifai.yaml")
        try FileManager.default.copyItem(atPath: PackageFiles.root.appendingPathComponent("etc/tagifai.yaml").path, toPath: copy)
        let result = try TagifaiBinary.run(["check-config", "--config", copy], environment: testEnvironment())
        #expect(result.status == 1)
        let modelLine = try #require(contents(copy).split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("model:") }) + 1
        let expectedFolder = scratch.url.deletingLastPathComponent().appendingPathComponent("models/tagifai").standardizedFileURL.path
        #expect(result.stderr.hasPrefix("error: model file \(expectedFolder)/manifest.json is missing"))
        #expect(result.stderr.contains(
            "(model: \(expectedFolder), from file \(copy) line \(modelLine); a relative path in a config file is "
                + "relative to that file's folder, \(scratch.url.standardizedFileURL.path))"))
    }

    @Test func invalidConfigExitsOneWithEveryErrorOnStderr() throws {
        let scratch = try temporaryConfig("worker: 2\nbind: ['127.0.0.1']\nmax_batch_size: 0\n")
        let result = try TagifaiBinary.run(
            ["check-config", "--config", scratch.path("tagifai.yaml"), "--log-level", "loud"],
            environment: testEnvironment(["TAGIFAI_THREADS": "x"]))
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") }
        #expect(errors.count == 5)
        #expect(result.stderr.contains("config \(scratch.path("tagifai.yaml")) line 1: unknown key \"worker\" (did you mean \"workers\"?)"))
        #expect(result.stderr.contains("config \(scratch.path("tagifai.yaml")) line 2: bind: invalid value \"127.0.0.1\""))
        #expect(result.stderr.contains("config \(scratch.path("tagifai.yaml")) line 3: max_batch_size: value 0 is out of range"))
        #expect(result.stderr.contains("environment TAGIFAI_THREADS: invalid value \"x\""))
        #expect(result.stderr.contains("flag --log-level: invalid value \"loud\""))
    }

    @Test func misspelledVariableIsAWarningNotAnError() throws {
        let result = try TagifaiBinary.run(["check-config"], environment: testEnvironment(["TAGIFAI_WORKER": "4"]))
        #expect(result.status == 0)
        #expect(result.stderr.contains(
            "warning: environment TAGIFAI_WORKER is not a setting and is ignored (did you mean TAGIFAI_WORKERS?)"))
    }

    @Test func missingNamedFileFails() throws {
        let result = try TagifaiBinary.run(
            ["check-config"], environment: testEnvironment(["TAGIFAI_CONFIG": "/nonexistent/tagifai.yaml"]))
        #expect(result.status == 1)
        #expect(result.stderr.contains("config /nonexistent/tagifai.yaml: no such file (named by TAGIFAI_CONFIG)"))
    }

    @Test func helpDescribesTheSharedFlags() throws {
        let result = try TagifaiBinary.run(["check-config", "--help"], environment: testEnvironment())
        #expect(result.status == 0)
        for flag in ["--config", "--bind", "--workers", "--pidfile", "--log-level", "--model", "--set", "--json"] {
            #expect(result.stdout.contains(flag), "\(flag)")
        }
    }
}
