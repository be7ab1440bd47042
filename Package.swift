// swift-tools-version:6.0
import Foundation
import PackageDescription

/// Packed relative relocations save each process about 3 MB but need glibc 2.36 where the binary runs.
let packRelocations = ProcessInfo.processInfo.environment["TAGIFAI_PACK_RELOCATIONS"] == "1"

/// The MiniLM encoder's matrix products run on OpenBLAS (Debian's libopenblas-serial-dev, which the
/// install scripts put in place): 2.8 times as fast on one core here as our own SIMD loops (see
/// Sources/TagifaiMiniLM/DenseLayer.swift). Its serial build is linked statically, so the binary
/// stays self-contained for the images and starts no BLAS threads: each worker is one process on one core.
#if arch(x86_64)
let openBLASArchive = "/usr/lib/x86_64-linux-gnu/openblas-serial/libopenblas.a"
#else
let openBLASArchive = "/usr/lib/aarch64-linux-gnu/openblas-serial/libopenblas.a"
#endif

let package = Package(
    name: "tagifai",
    // Linux only. The server is built on Linux facilities (memfd_create, prctl(PR_SET_PDEATHSIG),
    // /proc/self/exe, SO_REUSEPORT balancing, /proc and cgroup files) and Prefork, HTTPWorker and
    // the executable import Glibc without a fallback. SwiftPM cannot declare "Linux only": a
    // `platforms:` list only sets minimum versions of Apple systems, so none is given rather than
    // one that claims a macOS build nobody runs.
    products: [
        .library(name: "Settings", targets: ["Settings"]),
        .library(name: "Prefork", targets: ["Prefork"]),
        .library(name: "HTTPWorker", targets: ["HTTPWorker"]),
        .library(name: "Tagifai", targets: ["Tagifai"]),
        .library(name: "TagifaiAPI", targets: ["TagifaiAPI"]),
        .executable(name: "tagifai", targets: ["tagifai"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-atomics.git", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-http2.git", from: "1.46.0"),
    ],
    targets: [
        // Small system calls every layer makes: detached named threads, per-thread values, prctl,
        // libc functions looked up by name, errno's words.
        .target(name: "SystemSupport"),
        .target(
            name: "Settings",
            dependencies: [
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .target(
            name: "Prefork",
            dependencies: [
                "Settings",
                "SystemSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .target(
            name: "HTTPWorker",
            dependencies: [
                "Settings",
                "SystemSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOHPACK", package: "swift-nio-http2"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Binds a pre-fork worker (its scoreboard slot, heartbeat and sockets) to the HTTP server's hooks.
        .target(name: "WorkerSeam", dependencies: ["HTTPWorker", "Prefork", "Settings"]),
        .target(name: "Tagifai", dependencies: ["SystemSupport", .product(name: "Crypto", package: "swift-crypto")]),
        .systemLibrary(name: "COpenBLAS"),
        // The MiniLM tier: its encoder, the training of its head and its loader for serving.
        .target(
            name: "TagifaiMiniLM",
            dependencies: ["COpenBLAS", "Tagifai"],
            linkerSettings: [.unsafeFlags(["-Xlinker", openBLASArchive], .when(platforms: [.linux]))]
        ),
        .target(
            name: "TagifaiAPI",
            dependencies: [
                "SystemSupport",
                "HTTPWorker",
                "Tagifai",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Binds hypot/hypotf to glibc's first versions, so the binary starts on glibc 2.34.
        .target(name: "GlibcCompat"),
        .executableTarget(
            name: "tagifai",
            dependencies: [
                .target(name: "GlibcCompat", condition: .when(platforms: [.linux])),
                "Prefork",
                "Settings",
                "SystemSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                "Tagifai",
                "TagifaiMiniLM",
                "HTTPWorker",
                "TagifaiAPI",
                "WorkerSeam",
                .product(name: "Logging", package: "swift-log"),
            ],
            // Every process of the server maps this binary: link it with lld and export no symbols
            // (the static standard library's -export-dynamic puts 15,000 names into the dynamic
            // symbol table that the loader then searches). TAGIFAI_PACK_RELOCATIONS=1 also packs
            // its 93,000 relative relocations (DT_RELR: 18 KB instead of 2.2 MB read at each
            // start), but the binary then needs glibc 2.36 or later where it runs.
            linkerSettings: [
                .unsafeFlags(
                    ["-use-ld=lld", "-Xlinker", "--no-export-dynamic"]
                        + (packRelocations ? ["-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"] : []),
                    .when(platforms: [.linux])
                ),
            ]
        ),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "SystemSupportTests", dependencies: ["SystemSupport", "TestSupport"]),
        .testTarget(name: "PreforkTests", dependencies: ["Prefork", "Settings", "TestSupport"]),
        .executableTarget(
            name: "PreforkTestServer",
            dependencies: ["Prefork", "Settings", "TestSupport", .product(name: "Logging", package: "swift-log")],
            path: "Tests/PreforkTestServer"
        ),
        .executableTarget(
            name: "ComputePoolBench",
            dependencies: ["TagifaiAPI", "HTTPWorker", "WorkerSeam", "Settings", .product(name: "Logging", package: "swift-log")],
            path: "Tests/ComputePoolBench"
        ),
        .testTarget(
            name: "HTTPWorkerTests",
            dependencies: [
                "HTTPWorker",
                "Prefork",
                "Settings",
                "TestSupport",
                "WorkerSeam",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHPACK", package: "swift-nio-http2"),
            ]
        ),
        .testTarget(name: "TagifaiTests", dependencies: ["Tagifai", "TagifaiMiniLM", "TestSupport"]),
        .testTarget(name: "TagifaiAPITests", dependencies: ["TagifaiAPI", "Tagifai", "TestSupport"]),
        .testTarget(name: "IntegrationTests", dependencies: ["tagifai", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
