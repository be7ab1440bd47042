import Foundation
import Testing
import TestSupport

extension ScratchFolder {
    /// Trains a model on the small fixture data set (`num_epochs` 15, unlike the committed
    /// model's 100) into `name` and returns its path.
    func trainSmallModel(_ name: String) throws -> String {
        let fixtures = PackageFiles.root.appendingPathComponent("Tests/Fixtures").path
        let train = try TagifaiBinary.run([
            "train", "--data", fixtures + "/projects-small.csv", "--args", fixtures + "/args-small.json", "--out", path(name),
        ])
        try #require(train.status == 0, "\(train.stderr)")
        return path(name)
    }

    /// Trains the transformer tier (`MiniLMCommandTests.recipe`) on the small fixture data set with
    /// the weights of scripts/fetch-minilm into `name`; the `train` run, and the folder's path.
    func trainSmallMiniLM(_ name: String) throws -> (train: TagifaiBinary.Result, folder: String) {
        let args = path(name + ".json")
        try Data(MiniLMCommandTests.recipe.utf8).write(to: URL(fileURLWithPath: args))
        let train = try TagifaiBinary.run([
            "train", "--data", ModelCommandTests.smallCSV, "--args", args, "--minilm", MiniLMCommandTests.weights,
            "--out", path(name),
        ])
        return (train, path(name))
    }
}

extension ServerProcess {
    /// The served model's `num_epochs` training argument, as `GET /args/num_epochs` reports it:
    /// "100" for the committed model, "15" for `trainSmallModel(_:)`'s.
    func servedEpochs() throws -> String? {
        let reply = try request("GET", "/args/num_epochs")
        let envelope = try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any]
        return ((envelope?["data"] as? [String: Any])?["num_epochs"]).map { "\($0)" }
    }
}
