import Crypto
import Foundation
import NewsletterCore
import Testing

/// VERP envelope senders: a tag that names the copy, survives servers that change case, and
/// cannot be forged.
@Suite struct VERPTagTests {
    static let secret = SymmetricKey(data: Data("verp-secret".utf8))
    static let base = "bounces@harborlightclinic.example"

    @Test(arguments: [(Int64(1), "2026-11-27"), (Int64(987_654_321), "2026-11-27-2"), (Int64(0), "bench")])
    func aTagRoundTripsThroughItsAddress(_ id: Int64, _ issue: String) throws {
        let address = VERPTag(subscriberID: id, issueID: issue).address(base: Self.base, secret: Self.secret)
        #expect(address.hasPrefix("bounces+") && address.hasSuffix("@harborlightclinic.example"))
        let local = String(address.split(separator: "@")[0])
        #expect(local.utf8.count <= 64, "RFC 5321 §4.5.3.1.1: \(local)")
        #expect(local.unicodeScalars.allSatisfy { CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789+-.").contains($0) })
        #expect(EmailSyntax.normalise(address) == .success(address))
        let back = try #require(VERPTag.parse(address: address, base: Self.base, secret: Self.secret))
        #expect(back == VERPTag(subscriberID: id, issueID: issue))
        // A server that upper-cases the address, or quotes it in angle brackets, changes nothing.
        #expect(VERPTag.parse(address: "<" + address.uppercased() + ">", base: Self.base, secret: Self.secret) == back)
    }

    @Test func forgedOrForeignTagsAttributeNothing() throws {
        let tag = VERPTag(subscriberID: 42, issueID: "2026-11-27").signed(with: Self.secret)
        let parts = tag.split(separator: ".").map(String.init)
        let forgedID = "bounces+" + String(43, radix: 36) + "." + parts[1] + "." + parts[2] + "@harborlightclinic.example"
        let forgedIssue = "bounces+" + parts[0] + ".2026-11-20." + parts[2] + "@harborlightclinic.example"
        let otherKey = VERPTag(subscriberID: 42, issueID: "2026-11-27").address(base: Self.base, secret: SymmetricKey(data: Data("other".utf8)))
        for address in [forgedID, forgedIssue, otherKey, Self.base, "bounces+@harborlightclinic.example", "bounces+\(tag)@elsewhere.example",
                        "news+\(tag)@harborlightclinic.example", "bounces+\(tag).x@harborlightclinic.example", "bounces+a.b@harborlightclinic.example",
                        "bounces+zzzzzzzzzzzzzzzzzzzzzzz.2026-11-27.\(parts[2])@harborlightclinic.example", "not an address"] {
            #expect(VERPTag.parse(address: address, base: Self.base, secret: Self.secret) == nil, "\(address)")
        }
    }

    @Test func theEnvelopeSenderTagsOnlyWhatItCan() {
        let verp = EnvelopeSender.verp(base: Self.base, secret: Self.secret)
        #expect(verp.address(subscriberID: 5, issueID: "2026-11-27").hasPrefix("bounces+5.2026-11-27."))
        #expect(verp.address(subscriberID: 5, issueID: "Odd id") == Self.base)
        #expect(EnvelopeSender.fixed("news@example.org").address(subscriberID: 5, issueID: "2026-11-27") == "news@example.org")
    }
}
