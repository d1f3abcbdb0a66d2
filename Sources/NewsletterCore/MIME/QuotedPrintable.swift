/// Quoted-printable content transfer encoding (RFC 2045 §6.7), with CRLF line ends.
///
/// Lines are at most 76 characters, soft breaks never split an `=XX`, trailing white space
/// is encoded, and a line that would start with `.` or `From ` starts with its first
/// character encoded, so that no SMTP or mbox handling can alter it.
public enum QuotedPrintable {
    public static func encode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        out.reserveCapacity(bytes.count + bytes.count / 8)
        var lineStart = 0
        var i = 0
        while i <= bytes.count {
            if i == bytes.count || bytes[i] == 0x0A || bytes[i] == 0x0D {
                encodeLine(bytes[lineStart..<i], into: &out)
                if i == bytes.count { break }
                if bytes[i] == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                out.append(0x0D)
                out.append(0x0A)
                i += 1
                lineStart = i
                continue
            }
            i += 1
        }
        return out
    }

    private static let hex = Array("0123456789ABCDEF".utf8)

    private static func encodeLine(_ line: ArraySlice<UInt8>, into out: inout [UInt8]) {
        var column = 0
        let last = line.endIndex - 1
        for index in line.indices {
            let b = line[index]
            var literal = (b >= 33 && b <= 126 && b != UInt8(ascii: "=")) || ((b == 0x20 || b == 0x09) && index != last)
            if column == 0, literal {
                // Keep "." and "From " from starting an output line.
                if b == UInt8(ascii: ".") { literal = false }
                if b == UInt8(ascii: "F"), line[index...].starts(with: Array("From ".utf8)) { literal = false }
            }
            let width = literal ? 1 : 3
            // A soft break keeps the line, with its "=", within 76 characters.
            let remaining = last - index
            if column + width > (remaining == 0 ? 76 : 75) {
                out.append(UInt8(ascii: "="))
                out.append(0x0D)
                out.append(0x0A)
                column = 0
                if b == UInt8(ascii: ".") || (b == UInt8(ascii: "F") && line[index...].starts(with: Array("From ".utf8))) {
                    literal = false
                }
            }
            if literal {
                out.append(b)
                column += 1
            } else {
                out.append(UInt8(ascii: "="))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0x0F)])
                column += 3
            }
        }
    }
}
