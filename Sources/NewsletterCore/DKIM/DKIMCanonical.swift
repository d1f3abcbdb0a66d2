import Crypto
import Foundation

/// Canonicalization (RFC 6376 §3.4).
public enum DKIMCanonical {
    /// A header field as it stands in the message: its name and its raw value (folding kept).
    public struct Field: Sendable {
        public let name: String
        public let value: String
    }

    /// Splits a message into header fields and body at the first empty line.
    public static func split(_ message: [UInt8]) -> (headers: [Field], body: ArraySlice<UInt8>) {
        var fields: [Field] = []
        var i = 0
        var current: [UInt8] = []
        func flush() {
            guard !current.isEmpty, let colon = current.firstIndex(of: UInt8(ascii: ":")) else { current.removeAll(); return }
            let name = String(decoding: current[..<colon], as: UTF8.self)
            let value = String(decoding: current[(colon + 1)...], as: UTF8.self)
            fields.append(Field(name: Byte.trimmed(name), value: value))
            current.removeAll()
        }
        while i < message.count {
            var end = i
            while end < message.count, message[end] != 0x0A { end += 1 }
            var line = message[i..<end]
            if line.last == 0x0D { line = line.dropLast() }
            i = end + 1
            if line.isEmpty {
                flush()
                return (fields, message[min(i, message.count)...])
            }
            if line.first == 0x20 || line.first == 0x09 {
                current += [0x0D, 0x0A] + line
            } else {
                flush()
                current = Array(line)
            }
        }
        flush()
        return (fields, [])
    }

    /// `name:value` with the name lowercased, the value unfolded, runs of white space
    /// collapsed to one space and white space trimmed at both ends (§3.4.2).
    public static func relaxedHeader(name: String, value: String) -> [UInt8] {
        var out = Array(name.lowercased().utf8)
        out.append(UInt8(ascii: ":"))
        var pendingSpace = false
        var started = false
        for b in value.utf8 {
            if b == 0x0D || b == 0x0A { continue }
            if b == 0x20 || b == 0x09 {
                pendingSpace = started
                continue
            }
            if pendingSpace { out.append(0x20) }
            pendingSpace = false
            started = true
            out.append(b)
        }
        return out
    }

    /// The body with white space runs collapsed, trailing white space removed from each line,
    /// and empty lines at the end removed (§3.4.4). It runs for every copy that is signed, so
    /// it goes a line at a time: a line with no tab, no CR inside, no doubled or trailing
    /// space (nearly every line of a quoted-printable body) is copied as it is; only the
    /// others are rewritten byte by byte.
    public static func relaxedBody(_ body: ArraySlice<UInt8>) -> [UInt8] {
        body.withUnsafeBufferPointer { source in
            let n = source.count
            // A bare LF becomes CRLF, so the output is at most twice the input.
            return [UInt8](unsafeUninitializedCapacity: n * 2 + 2) { out, initialized in
                guard let base = source.baseAddress, let target = out.baseAddress else {
                    initialized = 0
                    return
                }
                var o = 0
                var pendingEmptyLines = 0
                func emitPendingEmptyLines() {
                    for _ in 0..<pendingEmptyLines {
                        target[o] = 0x0D
                        target[o + 1] = 0x0A
                        o += 2
                    }
                    pendingEmptyLines = 0
                }
                var i = 0
                while i < n {
                    let newline = memchr(base + i, 0x0A, n - i).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? n
                    var end = newline
                    if end > i, base[end - 1] == 0x0D { end -= 1 }
                    let simple = !needsRewrite(base + i, end - i)
                    if end == i {
                        pendingEmptyLines += 1
                    } else if simple {
                        emitPendingEmptyLines()
                        (target + o).update(from: base + i, count: end - i)
                        o += end - i
                        target[o] = 0x0D
                        target[o + 1] = 0x0A
                        o += 2
                    } else {
                        // White space runs become one space, trailing white space goes, CR is dropped.
                        let lineStart = o + 2 * pendingEmptyLines
                        var w = lineStart
                        var pendingSpace = false
                        for k in i..<end {
                            switch base[k] {
                            case 0x0D: continue
                            case 0x20, 0x09: pendingSpace = true
                            default:
                                if pendingSpace {
                                    target[w] = 0x20
                                    w += 1
                                }
                                pendingSpace = false
                                target[w] = base[k]
                                w += 1
                            }
                        }
                        if w == lineStart {
                            pendingEmptyLines += 1
                        } else {
                            // The line was written past room left for the empty lines before it.
                            let length = w - lineStart
                            emitPendingEmptyLines()
                            o += length
                            target[o] = 0x0D
                            target[o + 1] = 0x0A
                            o += 2
                        }
                    }
                    i = newline + 1
                }
                initialized = o
            }
        }
    }

    /// Whether a line (without its CRLF) holds a tab, a CR, a doubled space or a trailing
    /// space: what relaxed canonicalization changes. Eight bytes at a time, in a word (the
    /// generic SIMD types are not specialised here and cost ten times a byte loop).
    @inline(__always)
    private static func needsRewrite(_ line: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        guard count > 0 else { return false }
        if line[count - 1] == 0x20 { return true }
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        // The high bit of each byte of `v` that is zero, exactly (no borrow between bytes).
        @inline(__always) func zeroBytes(_ v: UInt64) -> UInt64 { ~(((v & low7) &+ low7) | v | low7) }
        let tabs: UInt64 = 0x0909_0909_0909_0909, returns: UInt64 = 0x0D0D_0D0D_0D0D_0D0D, spaces: UInt64 = 0x2020_2020_2020_2020
        var j = 0
        let raw = UnsafeRawPointer(line)
        // Each word is read again one byte on, for a space doubled across its edge.
        while j + 9 <= count {
            let here = raw.loadUnaligned(fromByteOffset: j, as: UInt64.self)
            let next = raw.loadUnaligned(fromByteOffset: j + 1, as: UInt64.self)
            if zeroBytes(here ^ tabs) | zeroBytes(here ^ returns) | (zeroBytes(here ^ spaces) & zeroBytes(next ^ spaces)) != 0 { return true }
            j += 8
        }
        while j < count {
            let b = line[j]
            if b == 0x09 || b == 0x0D || (b == 0x20 && j + 1 < count && line[j + 1] == 0x20) { return true }
            j += 1
        }
        return false
    }
}
