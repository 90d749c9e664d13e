// swift-tools-version:6.2
import PackageDescription

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")

let package = Package(
    name: "checktick-jobs",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "checktick-jobs", targets: ["checktick-jobs"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.1.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
    ],
    targets: [
        // C libraries, reached only through these module maps and their shims.
        .systemLibrary(name: "CLibpq", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CSystem"),

        .target(name: "Threads"),
        .target(name: "HTTPServer", dependencies: ["CSystem", "Threads", logging]),
        .target(name: "Postgres", dependencies: ["CLibpq", logging]),
        .target(name: "Fetch", dependencies: ["CCurl", logging]),
        .target(name: "Signing", dependencies: ["CCrypto"]),
        .target(
            name: "JobEngine",
            dependencies: ["Postgres", "Threads", logging, .product(name: "Prometheus", package: "swift-prometheus")]
        ),
        .target(name: "Scheduling", dependencies: ["JobEngine", "Postgres", "Fetch", logging]),
        .target(
            name: "CheckTick",
            dependencies: [
                "JobEngine", "Postgres", "Fetch", logging,
                .product(name: "Mustache", package: "swift-mustache"), .product(name: "Ink", package: "Ink"),
            ]
        ),
        .target(
            name: "CheckTickSync",
            dependencies: [
                "JobEngine", "Postgres", "Fetch", "CLibXML2", logging, .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(name: "JobsAPI", dependencies: ["HTTPServer", "Postgres", "Signing", "JobEngine", logging]),
        .executableTarget(
            name: "checktick-jobs",
            dependencies: [
                "JobsAPI", "JobEngine", "HTTPServer", "Postgres", "Fetch", "Signing", "Scheduling", "CheckTick",
                "CheckTickSync", argumentParser, logging,
            ]
        ),

        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer"]),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres"]),
        .testTarget(name: "FetchTests", dependencies: ["Fetch", "TestSupport", logging]),
        .testTarget(name: "SigningTests", dependencies: ["Signing"]),
        .target(name: "TestSupport", dependencies: ["JobEngine", "Postgres", "Fetch", logging], path: "Tests/TestSupport"),
        .testTarget(name: "JobEngineTests", dependencies: ["JobEngine", "Postgres", "TestSupport"]),
        .testTarget(
            name: "JobsAPITests",
            dependencies: ["JobsAPI", "JobEngine", "HTTPServer", "Postgres", "Signing", "TestSupport"]
        ),
        .testTarget(name: "IntegrationTests", dependencies: ["Postgres", "Signing", "TestSupport"]),
        .testTarget(name: "SchedulingTests", dependencies: ["Scheduling", "JobEngine", "Postgres", "Fetch", logging]),
        .testTarget(
            name: "CheckTickTests", dependencies: ["CheckTick", "JobEngine", "Postgres", "Fetch", "TestSupport", logging]
        ),
        .testTarget(
            name: "CheckTickSyncTests",
            dependencies: ["CheckTickSync", "JobEngine", "Postgres", "Fetch", "TestSupport", logging]
        ),
    ]
)
