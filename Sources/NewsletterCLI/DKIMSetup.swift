import Foundation
import NewsletterCore
#if canImport(Glibc)
import Glibc
#endif

/// A DKIM key made (or found) by `dkim generate` and `init`, and the records and settings
/// that put it to use.
struct DKIMSetup {
    let env: Environment
    let selector: String
    let path: String
    let key: DKIMKey

    /// RFC 6376 §3.1: selectors are dot-separated sub-domain labels.
    static func isSelector(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return !labels.isEmpty && labels.allSatisfy { label in
            (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    /// Writes a new key to `path`, mode 0600, failing if the file exists (O_EXCL: never
    /// overwriting, even against another process).
    static func generate(_ algorithm: DKIMKey.Algorithm, at path: String) throws -> DKIMKey {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        if FileManager.default.fileExists(atPath: path) {
            throw CLIError("The DKIM key \(path) exists already and is never overwritten; choose another --selector, or move the file away first.")
        }
        let pem = try DKIMKey.generatePEM(algorithm)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            throw CLIError(errno == EEXIST ? "The DKIM key \(path) exists already and is never overwritten; choose another --selector."
                : "The DKIM key \(path) cannot be created: \(String(cString: strerror(errno))).")
        }
        let bytes = Array(pem.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        let closed = close(fd)
        guard written == bytes.count, closed == 0 else {
            unlink(path)
            throw CLIError("The DKIM key \(path) could not be written completely.")
        }
        return try DKIMKey(pem: pem, source: "The new DKIM key")
    }

    /// The signing domain: the configured one, else the From address's.
    var domain: String? { env.settings.dkim?.domain ?? env.settings.dkimDomainHint?.lowercased() ?? env.settings.from?.domain.lowercased() }

    var records: [StarterRecords.Record] {
        let domain = domain ?? "YOUR-DOMAIN"
        let envelope = env.settings.bounceAddress.map { EmailAddress($0).domain.lowercased() } ?? domain
        let reports = env.settings.bounceAddress ?? env.settings.from?.address ?? "dmarc-reports@\(domain)"
        return StarterRecords.records(keys: [(selector, key)], dkimDomain: domain, envelopeDomain: envelope, fromDomain: domain,
                                      reports: reports, psl: env.publicSuffixList)
    }

    /// The settings that sign with this key; beside configured keys, the lists that sign with all.
    var settingLines: [String] {
        var selectors = env.settings.dkim?.selectors ?? []
        var keys = env.settings.dkim?.keyPaths ?? []
        if !selectors.contains(selector) {
            selectors.append(selector)
            keys.append(path)
        }
        return ["\(SettingKey.dkimDomain)=\(domain ?? "YOUR-DOMAIN")", "\(SettingKey.dkimSelector)=\(selectors.joined(separator: ","))",
                "\(SettingKey.dkimKey)=\(keys.joined(separator: ","))"]
    }

    func text(written: Bool) -> String {
        var out = written ? "Wrote \(path) (\(key.summary), mode 0600).\n" : "Kept the DKIM key \(path) (\(key.summary)).\n"
        out += "\nPublish these TXT records where your domain's DNS is managed:\n"
        for record in records {
            out += "\n\(record.title): \(record.explanation)\n\(record.zoneLine)\n"
        }
        if domain == nil { out += "\nReplace YOUR-DOMAIN with the domain of the From address (or set \(SettingKey.from) and run this again with another --selector).\n" }
        out += "\nThen sign with it:\n" + settingLines.map { "  " + $0 + "\n" }.joined()
        out += "and run newsletter check until nothing fails.\n"
        return out
    }

    func json() -> String {
        let records: [JSONValue] = self.records.map { record in
            .object([("title", .string(record.title)), ("name", .string(record.name)), ("type", .string("TXT")), ("value", .string(record.value)),
                     ("strings", .array(TXTRecordText.strings(record.value).map(JSONValue.string))), ("zone", .string(record.zoneLine))])
        }
        let object = JSONValue.object([("key", .string(path)), ("selector", .string(selector)), ("algorithm", .string(key.algorithm.rawValue)),
                                       ("domain", .optional(domain)), ("records", .array(records)),
                                       ("settings", .array(settingLines.map(JSONValue.string)))])
        return object.render(pretty: true) + "\n"
    }
}
