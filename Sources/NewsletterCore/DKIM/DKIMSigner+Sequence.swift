import Foundation

extension Sequence where Element == DKIMSigner {
    /// Adds one DKIM-Signature per signer, in order (RFC 8463 dual signing with two).
    public func sign(_ message: [UInt8], date: Date) throws -> [UInt8] {
        var bytes = message
        for signer in self { bytes = try signer.sign(bytes, timestamp: Int(date.timeIntervalSince1970)) }
        return bytes
    }
}
