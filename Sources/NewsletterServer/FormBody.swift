import Foundation
import NewsletterCore

/// Fields of an `application/x-www-form-urlencoded` or `multipart/form-data` body.
enum FormBody {
    static func fields(_ body: String, contentType: String?) -> [String: String] {
        let type = contentType?.lowercased() ?? ""
        if type.hasPrefix("multipart/form-data"), let boundary = parameter("boundary", in: contentType ?? "") {
            return multipart(body, boundary: boundary)
        }
        // The first of repeated names wins.
        return Dictionary(FormEncoding.pairs(body), uniquingKeysWith: { first, _ in first })
    }

    /// Every value of a repeated field (`topics=a&topics=b`), in order.
    static func all(_ name: String, in body: String, contentType: String?) -> [String] {
        let type = contentType?.lowercased() ?? ""
        if type.hasPrefix("multipart/form-data"), let boundary = parameter("boundary", in: contentType ?? "") {
            var out: [String] = []
            for part in body.components(separatedBy: "--" + boundary).dropFirst() {
                guard let split = part.range(of: "\r\n\r\n"),
                      let disposition = part[..<split.lowerBound].components(separatedBy: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition:") }),
                      parameter("name", in: disposition) == name else { continue }
                var value = String(part[split.upperBound...])
                if value.hasSuffix("\r\n") { value.removeLast() }
                out.append(value)
            }
            return out
        }
        return FormEncoding.pairs(body).filter { $0.0 == name }.map(\.1)
    }

    static func parameter(_ name: String, in header: String) -> String? {
        for part in header.split(separator: ";").dropFirst() {
            let kv = part.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
            return kv[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }

    /// Small text fields of a multipart body (RFC 7578).
    static func multipart(_ body: String, boundary: String) -> [String: String] {
        var out: [String: String] = [:]
        for part in body.components(separatedBy: "--" + boundary).dropFirst() {
            guard let split = part.range(of: "\r\n\r\n") else { continue }
            let head = part[..<split.lowerBound]
            var value = String(part[split.upperBound...])
            if value.hasSuffix("\r\n") { value.removeLast() }
            guard let disposition = head.components(separatedBy: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition:") }),
                  let name = parameter("name", in: disposition) else { continue }
            if out[name] == nil { out[name] = value }
        }
        return out
    }
}
