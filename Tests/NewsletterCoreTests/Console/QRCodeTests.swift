import Foundation
import NewsletterCore
import Testing

/// zbar's QR code reader, when installed.
enum ZBar {
    static let reader = ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"].first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// QR codes read back by an independent reader (zbar's `zbarimg`, Debian's zbar-tools).
@Suite(.enabled(if: ZBar.reader != nil || ProcessInfo.processInfo.environment["CI"] != nil, "needs zbarimg (Scripts/test.sh installs zbar-tools)"))
struct QRCodeTests {
    /// The code drawn as a grey-scale image, 6 pixels a module, then read.
    static func read(_ code: QRCode) throws -> String {
        let scale = 6, full = code.size + 8
        var pixels = [UInt8](repeating: 255, count: full * scale * full * scale)
        for y in 0..<code.size {
            for x in 0..<code.size where code.modules[y][x] {
                for dy in 0..<scale {
                    for dx in 0..<scale { pixels[((y + 4) * scale + dy) * full * scale + (x + 4) * scale + dx] = 0 }
                }
            }
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString).pgm")
        defer { try? FileManager.default.removeItem(at: file) }
        try (Data("P5 \(full * scale) \(full * scale) 255\n".utf8) + Data(pixels)).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(ZBar.reader, "zbarimg is not installed"))
        process.arguments = ["-q", "--raw", file.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    @Test func codesOfEveryVersionReadBack() throws {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var versions: Set<Int> = []
        for length in [1, 10, 14, 20, 32, 50, 64, 90, 110, 130, 160, 190, 220, 260, 300, 340, 390, 440, 500, 560, 600] {
            let text = String((0..<length).map { alphabet[($0 * 7 + length) % alphabet.count] })
            let code = try QRCode(text: text)
            versions.insert(code.version)
            #expect(try Self.read(code) == text, "length \(length), version \(code.version)")
        }
        #expect(versions.count >= 15)
    }

    @Test func anAuthenticatorURIReadsBackAndTooLongASTextSaysSo() throws {
        let totp = TOTP(secret: "JBSWY3DPEHPK3PXPJBSW")
        let uri = totp.uri(account: "director@harborlightclinic.example", issuer: "Harbor Light Counseling")
        #expect(try Self.read(try QRCode(text: uri)) == uri)
        #expect(throws: QRCode.Failure.tooLong(2000)) { try QRCode(text: String(repeating: "x", count: 2000)) }
        let svg = try QRCode(text: uri).svg(label: "key for <you>")
        #expect(svg.hasPrefix("<svg") && svg.contains("aria-label=\"key for &lt;you&gt;\"") && svg.contains("role=\"img\""))
    }
}

/// One-time codes as RFC 6238 gives them (Appendix B, SHA-1, the last six digits).
@Suite struct TOTPTests {
    @Test func theRFCsTestVectors() {
        let totp = TOTP(secret: "12345678901234567890")
        for (time, code) in [(59.0, "287082"), (1_111_111_109, "081804"), (1_111_111_111, "050471"), (1_234_567_890, "005924"),
                             (2_000_000_000, "279037"), (20_000_000_000, "353130")] {
            #expect(totp.code(step: TOTP.step(at: Date(timeIntervalSince1970: time))) == code, "\(time)")
        }
        #expect(totp.base32 == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
    }

    @Test func aCodeIsAcceptedOneStepEitherSideAndNothingElse() {
        let totp = TOTP(secret: "ABCDEFGHIJKLMNOPQRST")
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        let step = TOTP.step(at: now)
        #expect(totp.matchingStep(totp.code(step: step), now: now) == step)
        #expect(totp.matchingStep(totp.code(step: step - 1), now: now) == step - 1)
        #expect(totp.matchingStep(" " + totp.code(step: step + 1), now: now) == step + 1)
        #expect(totp.matchingStep(totp.code(step: step - 2), now: now) == nil)
        for bad in ["", "12345", "1234567", "abcdef", "１２３４５６"] { #expect(totp.matchingStep(bad, now: now) == nil, "\(bad)") }
        let uri = totp.uri(account: "a b@c.example", issuer: "Clinic & Co")
        #expect(uri.hasPrefix("otpauth://totp/Clinic%20%26%20Co%3Aa%20b@c.example?secret=IFBEGRCFIZDUQSKKJNGE2TSPKBIVEU2U&issuer=Clinic%20%26%20Co"))
    }
}
