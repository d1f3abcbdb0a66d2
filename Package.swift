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
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "NewsletterCore"),
        .target(
            name: "NewsletterHTTP",
            dependencies: [
                "CCurl",
                "NewsletterCore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "NewsletterCLI",
            dependencies: [
                "NewsletterCore",
                "NewsletterHTTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "newsletter", dependencies: ["NewsletterCLI"]),
        .testTarget(name: "NewsletterCoreTests", dependencies: ["NewsletterCore"]),
        .testTarget(name: "NewsletterHTTPTests", dependencies: ["NewsletterHTTP", "NewsletterCore"]),
        .testTarget(name: "NewsletterCLITests", dependencies: ["NewsletterCLI", "NewsletterCore"]),
    ],
    swiftLanguageModes: [.v6]
)
