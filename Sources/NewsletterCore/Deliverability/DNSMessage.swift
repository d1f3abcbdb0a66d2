/// DNS messages on the wire (RFC 1035 §4): a recursive query with an EDNS(0) OPT record
/// (RFC 6891) and the reading of its response.
public enum DNSMessage {
    /// What an answer said.
    public struct Response: Sendable {
        public var id: UInt16
        /// RCODE: 0 no error, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED…
        public var rcode: Int
        /// TC: the answer did not fit; ask again over TCP.
        public var truncated: Bool
        public var records: [(type: UInt16, data: DNSRecord?)]
    }

    public struct FormatError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The query for `name` and `type`, asking for recursion and offering 1232-byte UDP answers.
    public static func query(id: UInt16, name: String, type: DNSRecordType) throws -> [UInt8] {
        var out: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xFF), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 1]
        out += try encode(name: name)
        out += [UInt8(type.rawValue >> 8), UInt8(type.rawValue & 0xFF), 0, 1]
        // OPT: root name, type 41, class = UDP payload size, extended RCODE/flags 0, no data.
        out += [0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0]
        return out
    }

    /// A name as labels (RFC 1035 §3.1); each label 1-63 octets, the whole at most 255.
    static func encode(name: String) throws -> [UInt8] {
        var out: [UInt8] = []
        let trimmed = name.hasSuffix(".") ? String(name.dropLast()) : name
        for label in trimmed.split(separator: ".", omittingEmptySubsequences: false) {
            let bytes = Array(label.utf8)
            guard (1...63).contains(bytes.count) else {
                throw FormatError(description: "'\(name)' is not a DNS name (each label must be 1 to 63 characters).")
            }
            out.append(UInt8(bytes.count))
            out += bytes
        }
        out.append(0)
        guard out.count <= 255 else { throw FormatError(description: "'\(name)' is longer than a DNS name may be (255 octets).") }
        return out
    }

    /// Reads a response; the records of the answer section, with data for the types we read.
    public static func parse(_ bytes: [UInt8]) throws -> Response {
        guard bytes.count >= 12 else { throw FormatError(description: "a DNS answer of \(bytes.count) bytes is too short") }
        func u16(_ i: Int) throws -> Int {
            guard i + 1 < bytes.count else { throw FormatError(description: "a DNS answer ends early") }
            return Int(bytes[i]) << 8 | Int(bytes[i + 1])
        }
        let id = UInt16(try u16(0))
        let flags = try u16(2)
        guard flags & 0x8000 != 0 else { throw FormatError(description: "the DNS reply is a query, not an answer") }
        var response = Response(id: id, rcode: flags & 0x0F, truncated: flags & 0x0200 != 0, records: [])
        let questions = try u16(4)
        let answers = try u16(6)
        var i = 12
        for _ in 0..<questions {
            _ = try readName(bytes, at: &i)
            i += 4
        }
        for _ in 0..<answers {
            _ = try readName(bytes, at: &i)
            let type = try u16(i)
            let length = try u16(i + 8)
            let start = i + 10
            guard start + length <= bytes.count else { throw FormatError(description: "a DNS record runs past the end of the answer") }
            let data = bytes[start..<(start + length)]
            var record: DNSRecord?
            switch type {
            case 16:
                var strings: [String] = []
                var j = data.startIndex
                while j < data.endIndex {
                    let n = Int(data[j])
                    guard j + 1 + n <= data.endIndex else { throw FormatError(description: "a TXT record's string runs past its end") }
                    strings.append(String(decoding: data[(j + 1)..<(j + 1 + n)], as: UTF8.self))
                    j += 1 + n
                }
                record = .txt(strings)
            case 15:
                var k = start + 2
                record = .mx(preference: try u16(start), exchange: try readName(bytes, at: &k))
            case 5:
                var k = start
                record = .cname(try readName(bytes, at: &k))
            case 1 where length == 4:
                record = .address(data.map(String.init).joined(separator: "."))
            case 28 where length == 16:
                let groups = stride(from: data.startIndex, to: data.endIndex, by: 2).map { String(Int(data[$0]) << 8 | Int(data[$0 + 1]), radix: 16) }
                record = .address(groups.joined(separator: ":"))
            default:
                record = nil
            }
            response.records.append((UInt16(type), record))
            i = start + length
        }
        return response
    }

    /// A possibly compressed name (RFC 1035 §4.1.4), lowercased, without the final dot.
    static func readName(_ bytes: [UInt8], at index: inout Int) throws -> String {
        var labels: [String] = []
        var i = index
        var jumped = false
        var jumps = 0
        while true {
            guard i < bytes.count else { throw FormatError(description: "a DNS name runs past the end of the answer") }
            let n = Int(bytes[i])
            if n == 0 {
                if !jumped { index = i + 1 }
                break
            }
            if n & 0xC0 == 0xC0 {
                guard i + 1 < bytes.count, jumps < 64 else { throw FormatError(description: "a DNS name's compression pointers loop") }
                if !jumped { index = i + 2 }
                jumped = true
                jumps += 1
                i = (n & 0x3F) << 8 | Int(bytes[i + 1])
                continue
            }
            guard i + 1 + n <= bytes.count else { throw FormatError(description: "a DNS label runs past the end of the answer") }
            labels.append(String(decoding: bytes[(i + 1)..<(i + 1 + n)], as: UTF8.self).lowercased())
            i += 1 + n
        }
        return labels.joined(separator: ".")
    }

    /// RCODE names for messages (RFC 1035 §4.1.1, RFC 6895 §2.3).
    public static func rcodeName(_ code: Int) -> String {
        switch code {
        case 1: "FORMERR (it could not read the question)"
        case 2: "SERVFAIL (it could not get an answer)"
        case 4: "NOTIMP (it does not answer such questions)"
        case 5: "REFUSED (it does not answer for that name)"
        default: "RCODE \(code)"
        }
    }
}
