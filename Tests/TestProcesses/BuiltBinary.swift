import Foundation

/// The `newsletter` executable of the build the tests run from: beside the test bundle in
/// the build folder (whatever its triple and configuration), or `NEWSLETTER_BIN`.
public enum BuiltBinary {
    public static var newsletter: URL {
        if let explicit = ProcessInfo.processInfo.environment["NEWSLETTER_BIN"] { return URL(fileURLWithPath: explicit) }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        // The bundle may be a folder (`….xctest/…`) on some platforms: walk up to the build folder.
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("newsletter")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("newsletter")
    }

    /// Whether suites that run the executable may run: it exists, or `CI` is set (where its
    /// absence must fail them, not skip them).
    public static var available: Bool {
        FileManager.default.isExecutableFile(atPath: newsletter.path) || ProcessInfo.processInfo.environment["CI"] != nil
    }
}
