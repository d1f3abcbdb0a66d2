import Foundation

/// Content-Transfer-Encoding decoders (RFC 2045 §6), lenient as a reader of other
/// people's mail must be: characters outside the alphabet are skipped, a bad escape is
/// kept as it is.
enum TransferEncoding {
    static func decode(_ bytes: ArraySlice<UInt8>, encoding: String?) -> [UInt8] {
        switch encoding?.trimmedBlanks.lowercased() {
        case "base64": return base64(bytes)
        case "quoted-printable": return quotedPrintable(bytes)
        default: return Array(bytes)
        }
    }

    static func base64<C: Collection<UInt8>>(_ bytes: C) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 3 / 4)
        var buffer: UInt32 = 0
        var count = 0
        for b in bytes {
            let v: UInt32
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = UInt32(b - 65)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): v = UInt32(b - 97 + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt32(b - 48 + 52)
            case UInt8(ascii: "+"), UInt8(ascii: "-"): v = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): v = 63
            case UInt8(ascii: "="): count = count == 0 ? 0 : count; continue
            default: continue
            }
            buffer = (buffer << 6) | v
            count += 1
            if count == 4 {
                out.append(UInt8(truncatingIfNeeded: buffer >> 16))
                out.append(UInt8(truncatingIfNeeded: buffer >> 8))
                out.append(UInt8(truncatingIfNeeded: buffer))
                buffer = 0
                count = 0
            }
        }
        if count == 2 { out.append(UInt8(truncatingIfNeeded: buffer >> 4)) }
        if count == 3 {
            out.append(UInt8(truncatingIfNeeded: buffer >> 10))
            out.append(UInt8(truncatingIfNeeded: buffer >> 2))
        }
        return out
    }

    static func quotedPrintable<C: Collection<UInt8>>(_ bytes: C) -> [UInt8] where C.Index == Int {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        let end = bytes.endIndex
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - 48
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - 55
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - 87
            default: return nil
            }
        }
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: "=") {
                // soft line break: "=" then optional white space then LF
                var j = i + 1
                while j < end, bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0D { j += 1 }
                if j < end, bytes[j] == 0x0A { i = j + 1; continue }
                if j == end { break }
                if i + 2 < end, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) {
                    out.append(h << 4 | l)
                    i += 3
                    continue
                }
            }
            out.append(b)
            i += 1
        }
        return out
    }
}
