/// Quoted-printable content transfer encoding (RFC 2045 §6.7), with CRLF line ends.
///
/// Lines are at most 76 characters, soft breaks never split an `=XX`, trailing white space
/// is encoded, and a line that would start with `.` or `From ` starts with its first
/// character encoded, so that no SMTP or mbox handling can alter it.
public enum QuotedPrintable {
    private static let hex: [UInt8] = Array("0123456789ABCDEF".utf8)

    public static func encode(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { input in
            // Worst case: every byte escaped (3), a soft break (3) every 25 bytes, CRLF per line.
            let capacity = input.count * 4 + 16
            return [UInt8](unsafeUninitializedCapacity: capacity) { out, count in
                var o = 0
                var column = 0
                let n = input.count
                var i = 0
                @inline(__always) func put(_ b: UInt8) { out[o] = b; o += 1 }
                @inline(__always) func startsFrom(_ at: Int) -> Bool {
                    at + 4 < n && input[at] == 0x46 && input[at + 1] == 0x72 && input[at + 2] == 0x6F && input[at + 3] == 0x6D && input[at + 4] == 0x20
                }
                while i < n {
                    let b = input[i]
                    if b == 0x0D || b == 0x0A {
                        put(0x0D); put(0x0A)
                        column = 0
                        i += (b == 0x0D && i + 1 < n && input[i + 1] == 0x0A) ? 2 : 1
                        continue
                    }
                    let lineEnds = i + 1 >= n || input[i + 1] == 0x0A || input[i + 1] == 0x0D
                    var literal = (b >= 33 && b <= 126 && b != 0x3D) || ((b == 0x20 || b == 0x09) && !lineEnds)
                    let width = literal ? 1 : 3
                    if column + width > (lineEnds ? 76 : 75) {
                        put(0x3D); put(0x0D); put(0x0A)
                        column = 0
                    }
                    if column == 0, literal, b == 0x2E || startsFrom(i) { literal = false }
                    if literal {
                        put(b)
                        column += 1
                    } else {
                        put(0x3D); put(hex[Int(b >> 4)]); put(hex[Int(b & 0x0F)])
                        column += 3
                    }
                    i += 1
                }
                count = o
            }
        }
    }
}
