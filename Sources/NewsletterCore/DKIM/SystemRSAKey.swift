import COpenSSL
import Foundation

/// An RSA private key held by the system's libcrypto, used to make DKIM's PKCS #1 v1.5
/// signatures: the same bytes as swift-crypto's (the scheme is deterministic; a test
/// compares them), in about half the time on this hardware. Signing from several threads at
/// once is safe: each signature takes a context of its own from a pool. A context is set up
/// once (libcrypto 3 looks the signature method up in a locked store each time) and then
/// signs many times.
final class SystemRSAKey: @unchecked Sendable {
    private let key: OpaquePointer
    private let size: Int
    private let lock = NSLock()
    /// Contexts set up for PKCS #1 v1.5 with SHA-256, not in use.
    private var idle: [OpaquePointer] = []

    /// The key in a PKCS #1 or PKCS #8 DER; nil when libcrypto cannot read it as RSA.
    init?(der: [UInt8]) {
        let parsed: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_AutoPrivateKey(nil, &cursor, buffer.count)
        }
        guard let parsed else { return nil }
        let size = Int(EVP_PKEY_get_size(parsed))
        guard EVP_PKEY_get_base_id(parsed) == EVP_PKEY_RSA, size > 0 else {
            EVP_PKEY_free(parsed)
            return nil
        }
        key = parsed
        self.size = size
    }

    deinit {
        for context in idle { EVP_PKEY_CTX_free(context) }
        EVP_PKEY_free(key)
    }

    /// The signature of a SHA-256 digest, or nil if libcrypto fails (the caller then signs
    /// with swift-crypto).
    func sign(sha256 digest: [UInt8]) -> [UInt8]? {
        guard let context = take() else { return nil }
        var length = size
        var signature = [UInt8](repeating: 0, count: size)
        guard EVP_PKEY_sign(context, &signature, &length, digest, digest.count) == 1 else {
            EVP_PKEY_CTX_free(context)
            return nil
        }
        lock.withLock { idle.append(context) }
        return length == size ? signature : Array(signature.prefix(length))
    }

    private func take() -> OpaquePointer? {
        if let context = lock.withLock({ idle.popLast() }) { return context }
        guard let context = EVP_PKEY_CTX_new(key, nil) else { return nil }
        guard EVP_PKEY_sign_init(context) == 1,
              EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1,
              EVP_PKEY_CTX_set_signature_md(context, EVP_sha256()) == 1 else {
            EVP_PKEY_CTX_free(context)
            return nil
        }
        return context
    }
}
