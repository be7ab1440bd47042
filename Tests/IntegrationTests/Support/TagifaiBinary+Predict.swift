import Foundation

extension TagifaiBinary {
    /// The tag `tagifai predict` gives `text` with the committed model, so a test expects what the
    /// model says rather than a tag written into the test.
    static func predictedTag(_ text: String) throws -> String {
        let result = try run(["predict", text])
        guard result.status == 0, let tag = result.stdout.split(separator: "\n").first else {
            throw PredictFailed(stderr: result.stderr)
        }
        return String(tag)
    }

    struct PredictFailed: Error, CustomStringConvertible {
        var stderr: String
        var description: String { "tagifai predict failed: \(stderr)" }
    }
}
