import Foundation
import TestProcesses
import Testing

/// The Debian package: built by Scripts/package-deb.sh from the executable the test script
/// linked with --static-swift-stdlib (NEWSLETTER_PACKAGE_BINARY), checked by lintian, installed
/// with dpkg, used as the `newsletter` user with the installed config and units, purged.
/// It changes the machine (a package, a system user), so it runs as root under CI, or
/// when NEWSLETTER_PACKAGE_TEST is set.
@Suite(.enabled(if: PackageGate.open, "installs a package: runs as root under CI or with NEWSLETTER_PACKAGE_TEST=1"))
struct PackageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    struct Run {
        var status: Int32
        var out: String
    }

    @discardableResult
    static func run(_ command: String, _ arguments: [String], env: [String: String] = [:], in dir: URL? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"].merging(env) { $1 }
        if let dir { process.currentDirectoryURL = dir }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pkg-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        Poll.exit(of: process, seconds: 600)
        try handle.close()
        defer { try? FileManager.default.removeItem(at: file) }
        return Run(status: process.terminationStatus, out: (try? String(contentsOf: file, encoding: .utf8)) ?? "")
    }

    @Test func theDebianPackageInstallsRunsAndPurgesCleanly() async throws {
        try await offPool {
            // Whatever an earlier, interrupted run left.
            try Self.run("/usr/bin/dpkg", ["--purge", "newsletter"])
            let built = try Self.run("/bin/bash", [Self.root.appendingPathComponent("Scripts/package-deb.sh").path, PackageGate.binary], in: Self.root)
            #expect(built.status == 0, "\(built.out)")
            let deb = try #require(built.out.split(separator: "\n").last.map(String.init), "\(built.out)")
            #expect(deb.hasSuffix("_amd64.deb") && FileManager.default.fileExists(atPath: deb), "\(deb)")

            // Only Debian's libraries: no Swift runtime to install beside it.
            let fields = try Self.run("/usr/bin/dpkg-deb", ["--field", deb, "Depends"])
            #expect(fields.out.contains("libcurl") && fields.out.contains("libsqlite3") && fields.out.contains("libssl") || fields.out.contains("libc6"), "\(fields.out)")
            #expect(!fields.out.contains("swift"), "\(fields.out)")
            let listing = try Self.run("/usr/bin/dpkg-deb", ["--contents", deb]).out
            for path in ["./usr/bin/newsletter", "./etc/newsletter/newsletter.toml", "./usr/lib/systemd/system/newsletter-serve.service",
                         "./usr/lib/systemd/system/newsletter-weekly.timer", "./usr/share/man/man1/newsletter.1.gz",
                         "./usr/share/man/man1/newsletter-send.1.gz", "./usr/share/newsletter/templates/digest.html.mustache",
                         "./usr/share/doc/newsletter/copyright"] {
                #expect(listing.contains(path), "\(path) is not in the package")
            }
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/lintian") {
                let lint = try Self.run("/usr/bin/lintian", ["--tag-display-limit", "0", deb])
                let errors = lint.out.split(separator: "\n").filter { $0.hasPrefix("E:") }
                #expect(errors.isEmpty, "lintian: \(errors.joined(separator: "\n"))")
            }

            let install = try Self.run("/usr/bin/dpkg", ["-i", deb])
            #expect(install.status == 0, "\(install.out)")
            let version = try Self.run("/usr/bin/newsletter", ["--version"])
            #expect(version.status == 0 && !version.out.isEmpty, "\(version.out)")
            #expect(try Self.run("/usr/bin/getent", ["passwd", "newsletter"]).status == 0, "the newsletter user exists")
            let mode = try FileManager.default.attributesOfItem(atPath: "/var/lib/newsletter")[.posixPermissions] as? Int
            #expect(mode == 0o700)
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze") {
                let units = ["newsletter-serve.service", "newsletter-weekly.service", "newsletter-weekly.timer", "newsletter-new-posts.service",
                             "newsletter-new-posts.timer", "newsletter-inbox.service", "newsletter-inbox.timer", "newsletter-share.service",
                             "newsletter-share.timer"].map { "/usr/lib/systemd/system/" + $0 }
                let verify = try Self.run("/usr/bin/systemd-analyze", ["verify", "--man=no"] + units)
                #expect(verify.status == 0, "\(verify.out)")
            }

            // A sample send as the newsletter user, with the installed config: into the outbox.
            let user = ["NEWSLETTER_CONFIG": "/etc/newsletter/newsletter.toml", "NEWSLETTER_NOW": "2026-11-27T09:00:00Z",
                        "NEWSLETTER_FROM": "Harbor Light <news@harborlightclinic.example>", "NEWSLETTER_BASE_URL": "https://news.harborlightclinic.example"]
            let asUser = user.map { "\($0.key)=\($0.value)" }
            let home = URL(fileURLWithPath: "/var/lib/newsletter")
            let added = try Self.run("/usr/sbin/runuser", ["-u", "newsletter", "--", "/usr/bin/env"] + asUser
                + ["/usr/bin/newsletter", "subscribers", "add", "reader@example.net", "--confirmed"], in: home)
            #expect(added.status == 0, "\(added.out)")
            let sent = try Self.run("/usr/sbin/runuser", ["-u", "newsletter", "--", "/usr/bin/env"] + asUser
                + ["/usr/bin/newsletter", "send", "--since", "30d"], in: home)
            #expect(sent.status == 0 && sent.out.contains("Sent 1,"), "\(sent.out)")
            let outbox = (try? FileManager.default.contentsOfDirectory(atPath: "/var/lib/newsletter/outbox/new")) ?? []
            #expect(outbox.count == 1, "\(outbox)")
            #expect(FileManager.default.fileExists(atPath: "/var/lib/newsletter/subscribers.sqlite"))

            let purge = try Self.run("/usr/bin/dpkg", ["--purge", "newsletter"])
            #expect(purge.status == 0, "\(purge.out)")
            for path in ["/usr/bin/newsletter", "/var/lib/newsletter", "/etc/newsletter", "/usr/lib/systemd/system/newsletter-serve.service",
                         "/usr/share/newsletter", "/usr/share/doc/newsletter", "/usr/share/man/man1/newsletter.1.gz"] {
                #expect(!FileManager.default.fileExists(atPath: path), "\(path) is left behind")
            }
            try? FileManager.default.removeItem(atPath: deb)
        }
    }
}

/// Whether the package test may change this machine.
enum PackageGate {
    /// The executable to package: linked with --static-swift-stdlib (Scripts/test.sh).
    static var binary: String { ProcessInfo.processInfo.environment["NEWSLETTER_PACKAGE_BINARY"] ?? "" }

    static var open: Bool {
        let env = ProcessInfo.processInfo.environment
        return getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/dpkg")
            && (env["CI"] != nil || env["NEWSLETTER_PACKAGE_TEST"] != nil) && FileManager.default.isExecutableFile(atPath: binary)
    }
}
