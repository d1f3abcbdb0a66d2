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
    /// and empty lines at the end removed (§3.4.4). One pass over the bytes into a buffer
    /// allocated once: this runs for every copy that is signed.
    public static func relaxedBody(_ body: ArraySlice<UInt8>) -> [UInt8] {
        body.withUnsafeBufferPointer { source in
            // A bare LF becomes CRLF, so the output is at most twice the input.
            [UInt8](unsafeUninitializedCapacity: source.count * 2 + 2) { out, initialized in
                var o = 0
                var lineStart = 0
                var pendingEmptyLines = 0
                var pendingSpace = false
                var lineHasText = false
                for b in source {
                    switch b {
                    case 0x0A:
                        if lineHasText {
                            out[o] = 0x0D
                            out[o + 1] = 0x0A
                            o += 2
                        } else {
                            o = lineStart
                            pendingEmptyLines += 1
                        }
                        lineStart = o
                        pendingSpace = false
                        lineHasText = false
                    case 0x0D:
                        continue
                    case 0x20, 0x09:
                        pendingSpace = true
                    default:
                        if !lineHasText, pendingEmptyLines > 0 {
                            // Empty lines count only when text follows them (§3.4.4).
                            o = lineStart
                            for _ in 0..<pendingEmptyLines {
                                out[o] = 0x0D
                                out[o + 1] = 0x0A
                                o += 2
                            }
                            pendingEmptyLines = 0
                            lineStart = o
                        }
                        if pendingSpace {
                            out[o] = 0x20
                            o += 1
                        }
                        pendingSpace = false
                        lineHasText = true
                        out[o] = b
                        o += 1
                    }
                }
                if lineHasText {
                    out[o] = 0x0D
                    out[o + 1] = 0x0A
                    o += 2
                } else {
                    o = lineStart
                }
                initialized = o
            }
        }
    }
}
