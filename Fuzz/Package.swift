// swift-tools-version:6.0
// The libFuzzer targets over request parsing and validation, and over the model file loader. A package of its own, so that a plain
// `swift build` of tagifai never builds it: it needs `-sanitize=fuzzer`. Run it with scripts/fuzz.
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its folder, so the clone's folder name is the package's.
let tagifai = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

let package = Package(
    name: "tagifai-fuzz",
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .target(name: "FuzzerEntry"),
        .executableTarget(
            name: "RequestFuzzer",
            dependencies: [
                "FuzzerEntry",
                .product(name: "HTTPWorker", package: tagifai),
                .product(name: "TagifaiAPI", package: tagifai),
                .product(name: "Tagifai", package: tagifai),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "ModelFileFuzzer",
            dependencies: [
                "FuzzerEntry",
                .product(name: "Tagifai", package: tagifai),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
