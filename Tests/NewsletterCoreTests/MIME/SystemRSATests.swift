import Crypto
import _CryptoExtras
import Foundation
import Synchronization
@testable import NewsletterCore
import Testing

/// RSA signatures made by the system's libcrypto are byte for byte those of swift-crypto
/// (PKCS #1 v1.5 is deterministic), for PKCS #1 and PKCS #8 keys alike.
@Suite struct SystemRSATests {
    @Test func sameSignatureAsSwiftCrypto() throws {
        let generated = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        for pem in [generated.pemRepresentation, generated.pkcs8PEMRepresentation] {
            let key = try DKIMKey(pem: pem)
            #expect(key.systemRSA != nil, "libcrypto could not read \(pem.prefix(40))")
            for text in ["", "a", String(repeating: "header:value\r\n", count: 50)] {
                let data = Array(text.utf8)
                let ours = try key.sign(data)
                let reference = try generated.signature(for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5).rawRepresentation
                #expect(ours == reference)
            }
        }
    }

    @Test func pooledContextsSignRightFromManyThreadsAtOnce() throws {
        let generated = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let key = try DKIMKey(pem: generated.pemRepresentation)
        let texts = (0..<64).map { Array("copy \($0) for reader\($0)@example.net".utf8) }
        let expected = try texts.map { try generated.signature(for: SHA256.hash(data: $0), padding: .insecurePKCS1v1_5).rawRepresentation }
        let results = Mutex<[Int: Data]>([:])
        DispatchQueue.concurrentPerform(iterations: texts.count) { i in
            let signature = try? key.sign(texts[i])
            results.withLock { $0[i] = signature }
        }
        let signed = results.withLock { $0 }
        for i in texts.indices { #expect(signed[i] == expected[i], "copy \(i)") }
    }

    @Test func ed25519KeysStayWithSwiftCrypto() throws {
        #expect(try DKIMKey(pem: DKIMKey.ed25519PEM()).systemRSA == nil)
    }
}
