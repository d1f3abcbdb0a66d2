/// A streaming CSV parser (RFC 4180): quoted fields with commas, quotes (`""`) and line
/// breaks, CRLF or LF line ends, a UTF-8 byte order mark. Bytes arrive in chunks, records
/// leave with the line they started on, so a file of any size is read in constant memory.
public struct CSVParser {
    /// One record and where it stands in the file.
    public struct Record: Sendable, Equatable {
        public var fields: [String]
        /// The 1-based line on which the record starts.
        public var line: Int
        /// A syntax problem in the record (a stray or unterminated quote), if any.
        public var problem: String?
    }

    private var field: [UInt8] = []
    private var fields: [String] = []
    private var inQuotes = false
    private var afterClosingQuote = false
    private var fieldWasQuoted = false
    private var problem: String?
    private var line = 1
    private var recordLine = 1
    private var atStart = true
    private var pendingCR = false
    private var sawAnything = false

    public init() {}

    /// Parses the next chunk, calling `emit` for each complete record.
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, emit: (Record) throws -> Void) rethrows {
        var i = 0
        if atStart {
            atStart = false
            if chunk.count >= 3, chunk[0] == 0xEF, chunk[1] == 0xBB, chunk[2] == 0xBF { i = 3 }
        }
        while i < chunk.count {
            let b = chunk[i]
            i += 1
            if pendingCR {
                pendingCR = false
                if b == 0x0A { continue }
            }
            sawAnything = true
            if inQuotes {
                if b == 0x22 {
                    inQuotes = false
                    afterClosingQuote = true
                } else {
                    if b == 0x0A { line += 1 } else if b == 0x0D { line += 1; pendingCR = true; field.append(0x0A); continue }
                    field.append(b)
                }
                continue
            }
            switch b {
            case 0x22:
                if afterClosingQuote {
                    // "" inside a quoted field.
                    field.append(0x22)
                    inQuotes = true
                    afterClosingQuote = false
                } else if field.isEmpty, !fieldWasQuoted {
                    inQuotes = true
                    fieldWasQuoted = true
                } else {
                    if problem == nil { problem = "a quote inside an unquoted field" }
                    field.append(b)
                }
            case 0x2C:
                endField()
            case 0x0A, 0x0D:
                if b == 0x0D { pendingCR = true }
                try endRecord(emit)
                line += 1
                recordLine = line
            default:
                if afterClosingQuote, problem == nil { problem = "text after a closing quote" }
                field.append(b)
            }
        }
    }

    /// Parses a chunk given as an array.
    public mutating func feed(_ bytes: [UInt8], emit: (Record) throws -> Void) rethrows {
        try bytes.withUnsafeBufferPointer { try feed($0, emit: emit) }
    }

    /// Ends the input, emitting the last record if the file does not end with a line break.
    public mutating func finish(emit: (Record) throws -> Void) rethrows {
        if inQuotes {
            problem = "a quoted field that is never closed"
            inQuotes = false
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted {
            try endRecord(emit)
        }
    }

    private mutating func endField() {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        afterClosingQuote = false
        fieldWasQuoted = false
    }

    private mutating func endRecord(_ emit: (Record) throws -> Void) rethrows {
        let blank = fields.isEmpty && field.isEmpty && !fieldWasQuoted
        if !blank {
            endField()
            try emit(Record(fields: fields, line: recordLine, problem: problem))
        }
        fields = []
        field.removeAll(keepingCapacity: true)
        afterClosingQuote = false
        fieldWasQuoted = false
        problem = nil
    }
}
