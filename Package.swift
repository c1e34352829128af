// swift-tools-version: 6.1
// prx-matrix: PRX's Matrix channel as a supervisor daemon and a worker process.
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "prx-matrix",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "prx-matrix", targets: ["Supervisor"]),
        .executable(name: "prx-matrix-worker", targets: ["Worker"]),
        .library(name: "Shared", targets: ["Shared"]),
        .library(name: "MatrixCrypto", targets: ["MatrixCrypto"]),
        .executable(name: "prx-matrix-fuzz", targets: ["Fuzz"]),
        .executable(name: "prx-matrix-bench", targets: ["Bench"]),
        .executable(name: "prx-matrix-fake-worker", targets: ["FakeWorkerForTests"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
    ],
    targets: [
        // libsodium from the system (Debian: libsodium-dev): X25519, Ed25519, SHA-256, HMAC, random,
        // XChaCha20-Poly1305 for stores at rest.
        .systemLibrary(
            name: "CSodium",
            path: "Sources/CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        // Linux calls the Glibc module does not expose (closefrom in spawn file actions, SO_PEERCRED).
        .target(name: "CSystemShims"),
        // libcurl's easy interface for MatrixClient, opened with dlopen on first use (headers: Debian's
        // libcurl4-openssl-dev; at run time libcurl.so.4): a process that makes no request never maps it.
        .target(name: "CCurl"),
        // Config model + TOML loading with positions, frame codec, message types of both links.
        .target(
            name: "Shared",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            swiftSettings: upcoming
        ),
        // The Matrix Client-Server API over libcurl easy handles on their own threads: typed requests, errors,
        // rate limits.
        .target(
            name: "MatrixClient",
            dependencies: ["CCurl", "Shared", .product(name: "Logging", package: "swift-log")],
            swiftSettings: upcoming
        ),
        // Olm and Megolm, sans-I/O, on libsodium and swift-crypto primitives.
        .target(
            name: "MatrixCrypto",
            dependencies: [
                "CSodium",
                "Shared",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: upcoming
        ),
        // `prx-matrix`: config, agent socket, durable queue, worker lifecycle, doctor.
        .executableTarget(
            name: "Supervisor",
            dependencies: [
                "Shared",
                "MatrixClient",
                "CSodium",
                "CSystemShims",
                "MatrixCrypto",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: upcoming
        ),
        // `prx-matrix-worker`: Matrix /sync, sending, E2EE.
        .executableTarget(
            name: "Worker",
            dependencies: [
                "Shared",
                "MatrixClient",
                "MatrixCrypto",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Ink", package: "Ink"),
            ],
            swiftSettings: upcoming
        ),
        // `prx-matrix-fuzz`: long fuzz runs of every decoder (scripts/fuzz); the suite runs bounded ones.
        .executableTarget(
            name: "Fuzz",
            dependencies: ["Shared", "MatrixCrypto"],
            swiftSettings: upcoming
        ),
        // `prx-matrix-bench`: micro-benchmarks of our own code for scripts/bench-* (ratios against anchors).
        .executableTarget(
            name: "Bench",
            dependencies: ["Shared", "MatrixCrypto", "CSodium", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: upcoming
        ),
        // `prx-matrix-fake-worker`: a test double of the worker that crashes, hangs or misbehaves on command.
        .executableTarget(
            name: "FakeWorkerForTests", dependencies: ["Shared", .product(name: "Logging", package: "swift-log")],
            swiftSettings: upcoming),
        // Test-only helpers: repository paths, the Python venv, a real Synapse started by scripts/synapse.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: upcoming),
        .testTarget(name: "SharedTests", dependencies: ["Shared", "TestSupport"], swiftSettings: upcoming),
        .testTarget(
            name: "MatrixCryptoTests", dependencies: ["MatrixCrypto", "CSodium", "Shared", "TestSupport"],
            swiftSettings: upcoming),
        .testTarget(
            name: "SupervisorTests", dependencies: ["Supervisor", "Shared", "TestSupport", "FakeWorkerForTests"],
            swiftSettings: upcoming),
        .testTarget(
            name: "MatrixClientTests", dependencies: ["MatrixClient", "Shared", "TestSupport"], swiftSettings: upcoming),
        .testTarget(name: "WorkerTests", dependencies: ["Worker", "Shared", "TestSupport"], swiftSettings: upcoming),
    ]
)
