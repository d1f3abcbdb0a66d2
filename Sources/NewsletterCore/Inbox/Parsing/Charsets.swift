import Foundation

/// Turns bytes in a MIME charset (RFC 2046 §4.1.2) into a String. UTF-8 that is not
/// valid, and charsets this platform cannot convert, fall back to ISO-8859-1, which never
/// fails: addresses, status codes and SMTP replies are ASCII in every charset we meet.
enum Charsets {
    static func decode<C: Collection<UInt8>>(_ bytes: C, charset: String?) -> String {
        let name = (charset ?? "us-ascii").trimmingCharacters(in: CharacterSet(charactersIn: "\"' ")).lowercased()
        if bytes.allSatisfy({ $0 < 0x80 }) && !name.hasPrefix("utf-16") && !name.hasPrefix("iso-2022") && name != "utf-7" {
            return String(decoding: bytes, as: UTF8.self)
        }
        let data = Data(bytes)
        if let encoding = encoding(name), let s = String(data: data, encoding: encoding) {
            return s
        }
        if let s = String(data: data, encoding: .utf8) { return s }
        return String(data: data, encoding: .isoLatin1) ?? String(decoding: bytes, as: UTF8.self)
    }

    private static func encoding(_ name: String) -> String.Encoding? {
        switch name {
        case "utf-8", "utf8", "us-ascii", "ascii", "ansi_x3.4-1968": return .utf8
        case "iso-8859-1", "latin1", "iso8859-1", "iso_8859-1": return .isoLatin1
        case "iso-8859-2", "latin2": return .isoLatin2
        case "windows-1252", "cp1252": return .windowsCP1252
        case "windows-1250", "cp1250": return .windowsCP1250
        case "windows-1251", "cp1251": return .windowsCP1251
        case "windows-1253": return .windowsCP1253
        case "windows-1254": return .windowsCP1254
        case "iso-2022-jp", "iso-2022-jp-2": return .iso2022JP
        case "shift_jis", "shift-jis", "sjis", "cp932", "windows-31j", "x-sjis": return .shiftJIS
        case "euc-jp", "x-euc-jp": return .japaneseEUC
        case "utf-16": return .utf16
        case "utf-16be": return .utf16BigEndian
        case "utf-16le": return .utf16LittleEndian
        default: return nil
        }
    }
}
