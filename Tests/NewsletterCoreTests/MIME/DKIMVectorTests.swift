import Crypto
import Foundation
import NewsletterCore
import Testing

/// RFC 8463 Appendix A: the Ed25519 key, the signed message, and its `bh` and `b`.
@Suite struct DKIMVectorTests {
    static let message = """
    From: Joe SixPack <joe@football.example.com>\r
    To: Suzie Q <suzie@shopping.example.net>\r
    Subject: Is dinner ready?\r
    Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)\r
    Message-ID: <20030712040037.46341.5F8J@football.example.com>\r
    \r
    Hi.\r
    \r
    We lost the game.  Are you hungry yet?\r
    \r
    Joe.\r

    """

    static let ed25519PEM = """
    -----BEGIN PRIVATE KEY-----
    MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
    -----END PRIVATE KEY-----
    """

    @Test func rfc8463AppendixAReproducesExactly() throws {
        let key = try DKIMKey(pem: Self.ed25519PEM)
        #expect(key.algorithm == .ed25519SHA256)
        #expect(key.dnsRecord == "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
        let parsed = DKIMCanonical.split(Array(Self.message.utf8))
        let bh = Data(SHA256.hash(data: DKIMCanonical.relaxedBody(parsed.body))).base64EncodedString()
        #expect(bh == "2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=")
        let signer = DKIMSigner(domain: "football.example.com", selector: "brisbane", key: key)
        let unsigned = "v=1; a=ed25519-sha256; c=relaxed/relaxed;\r\n d=football.example.com; i=@football.example.com;\r\n q=dns/txt; s=brisbane; t=1528637909; h=from : to :\r\n subject : date : message-id : from : subject : date;\r\n bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;\r\n b="
        let b = try signer.signatureValue(
            headers: parsed.headers,
            signedNames: ["from", "to", "subject", "date", "message-id", "from", "subject", "date"],
            unsignedSignatureValue: unsigned
        )
        #expect(b == "/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11BusFa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==")
    }

    @Test func relaxedCanonicalization() {
        #expect(String(decoding: DKIMCanonical.relaxedHeader(name: "SUBJect", value: " \tAbc \r\n  def\t "), as: UTF8.self) == "subject:Abc def")
        let body = Array("a  b \t\r\n\r\nc\r\n\r\n\r\n".utf8)[...]
        #expect(String(decoding: DKIMCanonical.relaxedBody(body), as: UTF8.self) == "a b\r\n\r\nc\r\n")
        #expect(DKIMCanonical.relaxedBody(Array("\r\n\r\n".utf8)[...]).isEmpty)
        #expect(String(decoding: DKIMCanonical.relaxedBody(Array("  lead\r\n \t\r\nx \r\n \r\n".utf8)[...]), as: UTF8.self) == " lead\r\n\r\nx\r\n")
        #expect(String(decoding: DKIMCanonical.relaxedBody(Array("x".utf8)[...]), as: UTF8.self) == "x\r\n")
    }

    /// RFC 6376 §3.4.4 read plainly, line by line, against the one-pass version on random
    /// bodies of letters, spaces, tabs, CR and LF (bare and paired), empty lines anywhere.
    @Test func relaxedBodyAgreesWithAPlainReading() {
        func plain(_ body: [UInt8]) -> [UInt8] {
            var lines = String(decoding: body, as: UTF8.self).replacingOccurrences(of: "\r", with: "").components(separatedBy: "\n")
            if lines.last == "" { lines.removeLast() }
            var out: [String] = lines.map { line in
                var collapsed = ""
                var space = false
                for c in line {
                    if c == " " || c == "\t" { space = true; continue }
                    if space { collapsed += " " }
                    space = false
                    collapsed.append(c)
                }
                return collapsed
            }
            while out.last == "" { out.removeLast() }
            return Array(out.map { $0 + "\r\n" }.joined().utf8)
        }
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("ab =\t\r\n".utf8) + Array(repeating: UInt8(ascii: "x"), count: 6) + [0x0D, 0x0A, 0x0D, 0x0A, 0x20]
        for _ in 0..<3000 {
            let body = (0..<Int.random(in: 0...60, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            #expect(DKIMCanonical.relaxedBody(body[...]) == plain(body), "\(body)")
        }
        // Long lines, a rare change anywhere in them: the eight-byte words and their edges.
        let sparse = Array(" \t\r\n".utf8) + Array(repeating: UInt8(ascii: "x"), count: 60)
        for _ in 0..<3000 {
            let body = (0..<Int.random(in: 0...400, using: &random)).map { _ in sparse.randomElement(using: &random)! }
            #expect(DKIMCanonical.relaxedBody(body[...]) == plain(body), "\(body)")
        }
        let slice = Array("head\r\n\r\nbody  x\r\n".utf8)[6...]
        #expect(DKIMCanonical.relaxedBody(slice) == Array("\r\nbody x\r\n".utf8))
    }

    @Test func badKeysAreOneSentence() {
        #expect(throws: DKIMKey.KeyError.self) { try DKIMKey(pem: "not a key", source: "keys/dkim.pem") }
        do {
            _ = try DKIMKey(pem: "nope", source: "keys/dkim.pem")
        } catch {
            #expect(String(describing: error) == "keys/dkim.pem is not a PEM private key (no BEGIN/END PRIVATE KEY block).")
        }
    }
}
