/// A personalised text whose lines without a slot are quoted-printable-encoded once:
/// quoted-printable works line by line (RFC 2045 §6.7), so encoding each copy's few
/// personal lines and joining them with the fixed ones gives exactly the bytes of encoding
/// the whole copy.
public struct EncodedTemplate: Sendable {
    enum Line: Sendable {
        case fixed([UInt8])
        case personal(PersonalizedText)
    }

    let lines: [Line]
    /// The bytes of the fixed lines, to size a copy's buffer once.
    let fixedCount: Int

    public init(_ text: PersonalizedText) {
        let source = text.rendered
        let rawLines = source.split(separator: "\n", omittingEmptySubsequences: false)
        var lines: [Line] = []
        for (i, raw) in rawLines.enumerated() {
            var line = Substring(raw)
            if line.hasSuffix("\r") { line = line.dropLast() }
            let isLast = i == rawLines.count - 1
            if line.contains("\u{E000}") {
                lines.append(.personal(PersonalizedText(rendered: String(line))))
                if !isLast { lines.append(.fixed([0x0D, 0x0A])) }
            } else {
                var bytes = QuotedPrintable.encode(String(line))
                if !isLast { bytes += [0x0D, 0x0A] }
                lines.append(.fixed(bytes))
            }
        }
        // Merge neighbouring fixed runs, appending to one open run (linear however many lines).
        var merged: [Line] = []
        var run: [UInt8] = []
        for line in lines {
            switch line {
            case .fixed(let bytes):
                run += bytes
            case .personal:
                if !run.isEmpty { merged.append(.fixed(run)) }
                run = []
                merged.append(line)
            }
        }
        if !run.isEmpty { merged.append(.fixed(run)) }
        self.lines = merged
        fixedCount = merged.reduce(0) { total, line in
            if case .fixed(let bytes) = line { return total + bytes.count }
            return total
        }
    }

    /// The quoted-printable body of one copy.
    public func fill(_ values: [PersonalizedText.Slot: String], html: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(fixedCount + 1024)
        fill(values, html: html, into: &out)
        return out
    }

    /// Appends the quoted-printable body of one copy to `out`.
    public func fill(_ values: [PersonalizedText.Slot: String], html: Bool, into out: inout [UInt8]) {
        for line in lines {
            switch line {
            case .fixed(let bytes): out += bytes
            case .personal(let text): out += QuotedPrintable.encode(text.fill(values, html: html))
            }
        }
    }
}
