// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "newsletter",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "newsletter", targets: ["newsletter"]),
        .library(name: "NewsletterCore", targets: ["NewsletterCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(name: "CMalloc"),
        // CommonMark's reference implementation, for announcements written in Markdown.
        .systemLibrary(
            name: "CCMark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(
            name: "NewsletterCore",
            dependencies: [
                "COpenSSL",
                "CCMark",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .target(
            name: "NewsletterHTTP",
            dependencies: [
                "CCurl",
                "NewsletterCore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "NewsletterStore",
            dependencies: [
                "NewsletterCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "NewsletterPostgres",
            dependencies: [
                "NewsletterCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "NewsletterDelivery",
            dependencies: ["CCurl", "NewsletterCore", .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "NewsletterSocial",
            dependencies: ["NewsletterCore", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "NewsletterServer",
            dependencies: ["NewsletterCore", .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HummingbirdCore", package: "hummingbird"),
                           .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                           .product(name: "HTTPTypes", package: "swift-http-types"),
                           .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
                           .product(name: "Prometheus", package: "swift-prometheus"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]
        ),
        .target(
            name: "NewsletterCLI",
            dependencies: [
                "NewsletterCore",
                "NewsletterHTTP",
                "NewsletterStore",
                "NewsletterPostgres",
                "NewsletterDelivery",
                "NewsletterSocial",
                "NewsletterServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "newsletter", dependencies: ["CMalloc", "NewsletterCLI"],
            // lld packs the executable's relative relocations (DT_RELR, glibc 2.36 and later):
            // relocation records at every start 1.56 MB to 0.38 MB (3.2 MB to 47 KB with the
            // Swift runtime linked in, as packaged), 1.5 MB (5.2 MB) less resident.
            linkerSettings: [.unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"], .when(platforms: [.linux]))]
        ),
        // In-process measurements for the benchmark scripts, not part of the shipped binary.
        .executableTarget(
            name: "newsletter-bench",
            dependencies: ["NewsletterCore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto")]
        ),
        .testTarget(name: "NewsletterCoreTests", dependencies: ["NewsletterCore", "TestProcesses"], exclude: ["Golden"]),
        .target(name: "TestProcesses", dependencies: ["NewsletterHTTP", "NewsletterSocial"], path: "Tests/TestProcesses"),
        .testTarget(name: "NewsletterHTTPTests", dependencies: ["NewsletterHTTP", "NewsletterCore", "TestProcesses"]),
        .testTarget(name: "NewsletterStoreTests", dependencies: ["NewsletterStore", "NewsletterPostgres", "NewsletterCore", "TestProcesses",
                                                                .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "NewsletterDeliveryTests", dependencies: ["NewsletterDelivery", "NewsletterCore", "NewsletterStore", "TestProcesses"]),
        .testTarget(name: "NewsletterSocialTests", dependencies: ["NewsletterSocial", "NewsletterHTTP", "NewsletterCore", "TestProcesses"]),
        .testTarget(
            name: "NewsletterServerTests",
            dependencies: ["NewsletterServer", "NewsletterCore", "NewsletterStore", "NewsletterDelivery",
                           .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"),
                           .product(name: "NIOEmbedded", package: "swift-nio"), .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "Logging", package: "swift-log")],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "NewsletterCLITests",
            dependencies: ["NewsletterCLI", "NewsletterCore", "NewsletterStore", "NewsletterHTTP", "TestProcesses", .product(name: "Crypto", package: "swift-crypto")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
