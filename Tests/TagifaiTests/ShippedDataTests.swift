import Foundation
import Testing
import Tagifai
import TestSupport

/// The training data shipped beside the model is the data the model says it was trained on.
@Suite struct ShippedDataTests {
    let folder = PackageFiles.root.appendingPathComponent("models")

    @Test func shippedCSVIsTheManifestsDataset() throws {
        let csv = try Data(contentsOf: folder.appendingPathComponent("data/projects.csv"))
        let manifest = try JSONDecoder().decode(
            ModelManifest.self, from: Data(contentsOf: folder.appendingPathComponent("tagifai/manifest.json")))
        #expect(DigestHex.sha256(of: csv) == manifest.datasetSHA256)
        #expect(manifest.datasetRows == 764)
    }

    @Test func shippedCSVCarriesItsLicense() throws {
        let license = try String(contentsOf: folder.appendingPathComponent("data/LICENSE"), encoding: .utf8)
        #expect(license.hasPrefix("MIT License"))
        #expect(license.contains("Made With ML"))
    }
}
