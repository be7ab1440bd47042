import Foundation
import Testing
import TestSupport

/// `tagifai train`, `predict`, `evaluate` and `bench-model` run as a user would run them.
@Suite(.timeLimit(.minutes(3))) struct ModelCommandTests {
    static let fixtures = PackageFiles.root.appendingPathComponent("Tests/Fixtures")
    static let smallCSV = fixtures.appendingPathComponent("projects-small.csv").path
    static let smallArgs = fixtures.appendingPathComponent("args-small.json").path

    private func write(_ text: String, to folder: URL, name: String = "data.csv") throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    private func trainSmallModel(into folder: URL) throws -> String {
        let out = folder.appendingPathComponent("model").path
        let result = try TagifaiBinary.run(["train", "--data", Self.smallCSV, "--args", Self.smallArgs, "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        return out
    }

    @Test func trainPrintsEpochsAndMetricsThenPredictAndEvaluateUseTheModel() throws {
        let scratch = try ScratchFolder("cli")
        let folder = scratch.url
        let out = folder.appendingPathComponent("model").path
        let train = try TagifaiBinary.run(["train", "--data", Self.smallCSV, "--args", Self.smallArgs, "--out", out])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("epoch  15/15  train_loss"))
        #expect(train.stdout.contains("overall (weighted)"))
        for file in ["args.json", "performance.json", "labels.json", "model.bin", "manifest.json"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file) missing")
        }

        let predict = try TagifaiBinary.run(["predict", "--model", out, "rocket engine launch orbit thrust booster", "zzzz"])
        #expect(predict.status == 0, "\(predict.stderr)")
        #expect(predict.stdout.split(separator: "\n") == ["rockets", "other"])

        let json = try TagifaiBinary.run(["predict", "--model", out, "--json", "rocket engine launch orbit thrust booster"])
        let predictions = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: String]]
        #expect(predictions == [["input_text": "rocket engine launch orbit thrust booster", "predicted_tag": "rockets"]])

        let evaluate = try TagifaiBinary.run(["evaluate", "--model", out, "--data", Self.smallCSV, "--json"])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        let performance = try JSONSerialization.jsonObject(with: Data(evaluate.stdout.utf8)) as? [String: Any]
        let overall = performance?["overall"] as? [String: Any]
        #expect(overall?["num_samples"] as? Int == 44)
        #expect((performance?["class"] as? [String: Any])?.keys.sorted() == ["fruit", "other", "rockets"])
    }

    @Test func benchModelPrintsLoadAndPredictTimes() throws {
        let scratch = try ScratchFolder("cli")
        let folder = scratch.url
        let out = try trainSmallModel(into: folder)
        let bench = try TagifaiBinary.run(["bench-model", "--model", out, "--iterations", "100", "--loads", "3"])
        #expect(bench.status == 0, "\(bench.stderr)")
        #expect(bench.stdout.contains("load (3 runs)"))
        #expect(bench.stdout.contains("(100 runs): median"))
    }

    @Test(arguments: [
        ("", "has no data rows"),
        ("id,title,tag\n1,a,b\n", "missing column(s) description"),
        ("title,description,tag\na,b,c\nd,e\n", "line 3: expected 3 fields"),
        ("title,description,tag\n\"a\nb\",c,d\ne,f\n", "line 4: expected 3 fields"),
        ("title,description,tag\na,b,\n", "line 2: the tag field is empty"),
        ("title,description,tag\na,b,c\n\"d\"x,e,f\n", "line 3: a quoted field must end at a comma or the line's end"),
        ("title,description,tag\na,\"b,c\n", "line 2: expected 3 fields like the header, found 2"),
    ])
    func badDataFilesNameTheProblem(csv: String, message: String) throws {
        let scratch = try ScratchFolder("cli")
        let folder = scratch.url
        let path = try write(csv, to: folder)
        let result = try TagifaiBinary.run(["train", "--data", path, "--out", folder.appendingPathComponent("m").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains(path))
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func aMissingDataFileIsNamed() throws {
        let result = try TagifaiBinary.run(["evaluate", "--data", "/nonexistent/projects.csv"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/nonexistent/projects.csv does not exist"), "\(result.stderr)")
    }

    @Test func badArgsFilesNameTheKey() throws {
        let scratch = try ScratchFolder("cli")
        let folder = scratch.url
        let unknown = try write("{\"learning_rat\": 0.1}", to: folder, name: "args.json")
        let result = try TagifaiBinary.run(["train", "--data", Self.smallCSV, "--args", unknown])
        #expect(result.status == 64)
        #expect(result.stderr.contains("unknown key \"learning_rat\""), "\(result.stderr)")
        let invalid = try write("{\"min_freq\": 10, \"stem\": true}", to: folder, name: "stem.json")
        let stem = try TagifaiBinary.run(["train", "--data", Self.smallCSV, "--args", invalid])
        #expect(stem.status == 64)
        #expect(stem.stderr.contains("stemming is not supported"), "\(stem.stderr)")
    }

    @Test func aMissingOrDamagedModelIsNamed() throws {
        let scratch = try ScratchFolder("cli")
        let folder = scratch.url
        let missing = try TagifaiBinary.run(["predict", "--model", folder.path, "text"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("manifest.json is missing"), "\(missing.stderr)")

        let out = try trainSmallModel(into: folder)
        let model = URL(fileURLWithPath: out).appendingPathComponent("model.bin")
        let bytes = try Data(contentsOf: model)
        try bytes.prefix(100).write(to: model)
        let truncated = try TagifaiBinary.run(["predict", "--model", out, "text"])
        #expect(truncated.status == 1)
        #expect(truncated.stderr.contains("model.bin is 100 bytes"), "\(truncated.stderr)")
    }

    @Test func predictNeedsAText() throws {
        let result = try TagifaiBinary.run(["predict"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("text"))
    }

    @Test(arguments: ["train", "predict", "evaluate", "bench-model"])
    func everyModelCommandHasHelp(command: String) throws {
        let result = try TagifaiBinary.run([command, "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: tagifai \(command)"))
    }
}

/// The `minilm` recipe through the binary: train, then `predict` and `evaluate` on the folder,
/// where the weights are (`TAGIFAI_MINILM_DIR`, else `.build/minilm`); and the error without them.
@Suite(.timeLimit(.minutes(5))) struct MiniLMCommandTests {
    static let weights = ProcessInfo.processInfo.environment["TAGIFAI_MINILM_DIR"]
        ?? PackageFiles.root.appendingPathComponent(".build/minilm").path
    static let available = FileManager.default.fileExists(atPath: weights + "/model.safetensors")
    static let recipe = #"{"features": "minilm", "classifier": "logistic_regression", "C": 10, "min_freq": 10, "evaluation": "cv", "cv_folds": 3}"#

    @Test(.enabled(if: available, "needs the weights of scripts/fetch-minilm"))
    func trainsTheTransformerTierAndServesItsFolderToPredictAndEvaluate() throws {
        let scratch = try ScratchFolder("cli-minilm")
        let (train, out) = try scratch.trainSmallMiniLM("model")
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("embedded 44 texts with all-MiniLM-L6-v2"))
        #expect(train.stdout.contains("(tier minilm)"))
        for file in ["args.json", "performance.json", "labels.json", "manifest.json", "head.safetensors", "MODEL_CARD.md", "encoder/model.safetensors"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file) missing")
        }
        let predict = try TagifaiBinary.run(["predict", "--model", out, "rocket engine launch orbit thrust booster", "ripe juicy cherry apple harvest"])
        #expect(predict.status == 0, "\(predict.stderr)")
        #expect(predict.stdout.split(separator: "\n") == ["rockets", "fruit"])
        let evaluate = try TagifaiBinary.run(["evaluate", "--model", out, "--data", ModelCommandTests.smallCSV, "--json"])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        let performance = try JSONSerialization.jsonObject(with: Data(evaluate.stdout.utf8)) as? [String: Any]
        #expect((performance?["overall"] as? [String: Any])?["num_samples"] as? Int == 44)
    }

    @Test func aMissingWeightsFolderNamesTheOptionAndTheScript() throws {
        let scratch = try ScratchFolder("cli-minilm")
        let args = scratch.path("minilm.json")
        try Data(Self.recipe.utf8).write(to: URL(fileURLWithPath: args))
        let train = try TagifaiBinary.run([
            "train", "--data", ModelCommandTests.smallCSV, "--args", args, "--minilm", scratch.path("none"),
            "--out", scratch.path("model"),
        ])
        #expect(train.status != 0)
        #expect(train.stderr.contains("--minilm \(scratch.path("none"))") && train.stderr.contains("scripts/fetch-minilm"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("model")))
    }
}
