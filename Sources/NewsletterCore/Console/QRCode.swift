/// A QR code (ISO/IEC 18004) of a text, in byte mode at error-correction level M, the
/// smallest version from 1 to 20 that holds it: what the console's set-up page draws for
/// an authenticator app to scan, as inline SVG.
public struct QRCode: Sendable {
    public let version: Int
    public var size: Int { version * 4 + 17 }
    /// Dark modules, row by row.
    public private(set) var modules: [[Bool]]
    private var isFunction: [[Bool]]

    public enum Failure: Error, Equatable { case tooLong(Int) }

    /// Level M: error-correction codewords per block and blocks, by version (1-based).
    static let eccPerBlock = [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26]
    static let blocks = [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16]

    public init(text: String) throws(Failure) {
        let bytes = Array(text.utf8)
        var chosen = 0
        for v in 1...20 where Self.dataCodewords(v) * 8 >= 4 + (v < 10 ? 8 : 16) + bytes.count * 8 {
            chosen = v
            break
        }
        guard chosen > 0 else { throw .tooLong(bytes.count) }
        version = chosen
        let n = chosen * 4 + 17
        modules = Array(repeating: Array(repeating: false, count: n), count: n)
        isFunction = modules
        drawFunctionPatterns()
        drawCodewords(Self.interleave(Self.encode(bytes, version: chosen), version: chosen))
        var best = 0, bestPenalty = Int.max
        for mask in 0..<8 {
            applyMask(mask)
            drawFormat(mask)
            let p = penalty()
            if p < bestPenalty { best = mask; bestPenalty = p }
            applyMask(mask)
        }
        applyMask(best)
        drawFormat(best)
    }

    // MARK: Capacity and data

    static func rawModules(_ v: Int) -> Int {
        var result = (16 * v + 128) * v + 64
        if v >= 2 {
            let align = v / 7 + 2
            result -= (25 * align - 10) * align - 55
            if v >= 7 { result -= 36 }
        }
        return result
    }

    static func dataCodewords(_ v: Int) -> Int { rawModules(v) / 8 - eccPerBlock[v] * blocks[v] }

    static func encode(_ bytes: [UInt8], version v: Int) -> [UInt8] {
        var bits: [Bool] = []
        func put(_ value: Int, _ count: Int) { for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) } }
        put(0b0100, 4)
        put(bytes.count, v < 10 ? 8 : 16)
        for b in bytes { put(Int(b), 8) }
        let capacity = dataCodewords(v) * 8
        put(0, min(4, capacity - bits.count))
        put(0, (8 - bits.count % 8) % 8)
        var out = stride(from: 0, to: bits.count, by: 8).map { i in bits[i..<i + 8].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) } }
        var pad: UInt8 = 0xEC
        while out.count < dataCodewords(v) {
            out.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return out
    }

    /// The data split into blocks, each with its Reed-Solomon codewords, interleaved.
    static func interleave(_ data: [UInt8], version v: Int) -> [UInt8] {
        let count = blocks[v], ecc = eccPerBlock[v]
        let raw = rawModules(v) / 8
        let short = count - raw % count, shortLength = raw / count
        let divisor = ReedSolomon.divisor(degree: ecc)
        var all: [[UInt8]] = []
        var k = 0
        for i in 0..<count {
            var block = Array(data[k..<k + shortLength - ecc + (i < short ? 0 : 1)])
            k += block.count
            let check = ReedSolomon.remainder(block, divisor)
            if i < short { block.append(0) }
            all.append(block + check)
        }
        var out: [UInt8] = []
        for i in 0..<all[0].count {
            for (j, block) in all.enumerated() where i != shortLength - ecc || j >= short { out.append(block[i]) }
        }
        return out
    }

    // MARK: Drawing

    mutating func set(_ x: Int, _ y: Int, _ dark: Bool) {
        modules[y][x] = dark
        isFunction[y][x] = true
    }

    mutating func drawFunctionPatterns() {
        for i in 0..<size {
            set(6, i, i % 2 == 0)
            set(i, 6, i % 2 == 0)
        }
        for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 where (0..<size).contains(cx + dx) && (0..<size).contains(cy + dy) {
                    let d = max(abs(dx), abs(dy))
                    set(cx + dx, cy + dy, d != 2 && d != 4)
                }
            }
        }
        let positions = alignmentPositions()
        for (i, y) in positions.enumerated() {
            for (j, x) in positions.enumerated() where !((i == 0 && j == 0) || (i == 0 && j == positions.count - 1) || (i == positions.count - 1 && j == 0)) {
                for dy in -2...2 { for dx in -2...2 { set(x + dx, y + dy, max(abs(dx), abs(dy)) != 1) } }
            }
        }
        drawFormat(0)
        if version >= 7 {
            var rem = version
            for _ in 0..<12 { rem = (rem << 1) ^ ((rem >> 11) * 0x1F25) }
            let bits = version << 12 | rem
            for i in 0..<18 {
                let bit = (bits >> i) & 1 == 1
                let a = size - 11 + i % 3, b = i / 3
                set(a, b, bit)
                set(b, a, bit)
            }
        }
    }

    func alignmentPositions() -> [Int] {
        guard version > 1 else { return [] }
        let count = version / 7 + 2
        let step = (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
        var result = [6]
        var pos = size - 7
        while result.count < count {
            result.insert(pos, at: 1)
            pos -= step
        }
        return result
    }

    /// Level M (format bits 00) and the mask, BCH-coded, in both copies, and the dark module.
    mutating func drawFormat(_ mask: Int) {
        let data = mask
        var rem = data
        for _ in 0..<10 { rem = (rem << 1) ^ ((rem >> 9) * 0x537) }
        let bits = (data << 10 | rem) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0...5 { set(8, i, bit(i)) }
        set(8, 7, bit(6))
        set(8, 8, bit(7))
        set(7, 8, bit(8))
        for i in 9..<15 { set(14 - i, 8, bit(i)) }
        for i in 0..<8 { set(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { set(8, size - 15 + i, bit(i)) }
        set(8, size - 8, true)
    }

    mutating func drawCodewords(_ data: [UInt8]) {
        var i = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vert in 0..<size {
                for j in 0..<2 {
                    let x = right - j
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vert : vert
                    if !isFunction[y][x] && i < data.count * 8 {
                        modules[y][x] = (data[i >> 3] >> (7 - (i & 7))) & 1 == 1
                        i += 1
                    }
                }
            }
            right -= 2
        }
    }

    mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y][x] {
                let flip: Bool
                switch mask {
                case 0: flip = (x + y) % 2 == 0
                case 1: flip = y % 2 == 0
                case 2: flip = x % 3 == 0
                case 3: flip = (x + y) % 3 == 0
                case 4: flip = (x / 3 + y / 2) % 2 == 0
                case 5: flip = x * y % 2 + x * y % 3 == 0
                case 6: flip = (x * y % 2 + x * y % 3) % 2 == 0
                default: flip = ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if flip { modules[y][x].toggle() }
            }
        }
    }

    /// Rules 1, 2 and 4 of the standard's mask penalty (runs, 2×2 blocks, balance).
    func penalty() -> Int {
        var total = 0
        for line in 0..<size {
            var runRow = 1, runCol = 1
            for i in 1..<size {
                if modules[line][i] == modules[line][i - 1] { runRow += 1 } else { runRow = 1 }
                if runRow == 5 { total += 3 } else if runRow > 5 { total += 1 }
                if modules[i][line] == modules[i - 1][line] { runCol += 1 } else { runCol = 1 }
                if runCol == 5 { total += 3 } else if runCol > 5 { total += 1 }
            }
        }
        for y in 0..<size - 1 {
            for x in 0..<size - 1 where modules[y][x] == modules[y][x + 1] && modules[y][x] == modules[y + 1][x] && modules[y][x] == modules[y + 1][x + 1] {
                total += 3
            }
        }
        let dark = modules.reduce(0) { $0 + $1.filter { $0 }.count }
        total += (abs(dark * 20 - size * size * 10) + size * size - 1) / (size * size) * 10
        return total
    }

    /// The code as SVG with a 4-module quiet zone, black on white in either color scheme.
    public func svg(label: String) -> String {
        let full = size + 8
        var path = ""
        for y in 0..<size {
            for x in 0..<size where modules[y][x] { path += "M\(x + 4) \(y + 4)h1v1h-1z" }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(full) \(full)\" width=\"\(full * 5)\" height=\"\(full * 5)\" role=\"img\" aria-label=\"\(HTMLEscape.text(label))\" shape-rendering=\"crispEdges\"><rect width=\"\(full)\" height=\"\(full)\" fill=\"#fff\"/><path fill=\"#000\" d=\"\(path)\"/></svg>"
    }
}

/// Reed-Solomon over GF(256) with the QR polynomial x⁸ + x⁴ + x³ + x² + 1.
enum ReedSolomon {
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var z = 0
        for i in stride(from: 7, through: 0, by: -1) {
            z = (z << 1) ^ ((z >> 7) * 0x11D)
            z ^= Int((y >> UInt8(i)) & 1) * Int(x)
        }
        return UInt8(z)
    }

    static func divisor(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                result[j] = multiply(result[j], root)
                if j + 1 < degree { result[j] ^= result[j + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    static func remainder(_ data: [UInt8], _ divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for b in data {
            let factor = b ^ result.removeFirst()
            result.append(0)
            for i in 0..<result.count { result[i] ^= multiply(divisor[i], factor) }
        }
        return result
    }
}
