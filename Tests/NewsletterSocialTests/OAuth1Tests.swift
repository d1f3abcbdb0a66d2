import Foundation
import NewsletterSocial
import Testing

/// The published worked examples, reproduced exactly.
@Suite struct OAuth1Tests {
    /// RFC 5849 §1.2: the photo request, signed with HMAC-SHA1 (no `oauth_version` in it).
    @Test func rfc5849Section1_2() {
        let oauth = OAuth1(consumerKey: "dpf43f3p2l4k3l03", consumerSecret: "kd94hf93k423kf44", token: "nnch734d00sl2jdk", tokenSecret: "pfkkdhi9sl3r4s00")
        let url = "http://photos.example.net/photos?file=vacation.jpg&size=original"
        let base = OAuth1.signatureBaseString(method: "GET", url: url,
                                              parameters: oauth.protocolParameters(nonce: "chapoH", timestamp: 137131202, includeVersion: false))
        #expect(base == "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3DchapoH%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131202%26oauth_token%3Dnnch734d00sl2jdk%26size%3Doriginal")
        #expect(oauth.signature(of: base) == "MdpQcU8iPSUjWoN/UDMsK2sui9I=")
        let header = oauth.authorization(method: "GET", url: url, nonce: "chapoH", timestamp: 137131202, includeVersion: false)
        #expect(header.contains(#"oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D""#))
    }

    /// RFC 5849 §3.4.1.1: the base string of a request with repeated, encoded and empty
    /// parameters in the query and the form body.
    @Test func rfc5849Section3_4_1_1BaseString() {
        let base = OAuth1.signatureBaseString(
            method: "POST", url: "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b",
            parameters: [("c2", ""), ("a3", "2 q"), ("oauth_consumer_key", "9djdj82h48djs9d2"), ("oauth_token", "kkk9d7dh3k39sjv7"),
                         ("oauth_signature_method", "HMAC-SHA1"), ("oauth_timestamp", "137131201"), ("oauth_nonce", "7d8f3e4a")])
        #expect(base == "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7")
    }

    /// X's "Creating a signature" page (its worked example signs the api.twitter.com URL).
    @Test func xCreatingASignature() {
        let oauth = OAuth1(consumerKey: "xvz1evFS4wEEPTGEFPHBog", consumerSecret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
                           token: "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", tokenSecret: "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE")
        let url = "https://api.twitter.com/1.1/statuses/update.json?include_entities=true"
        let body = [("status", "Hello Ladies + Gentlemen, a signed OAuth request!")]
        let base = OAuth1.signatureBaseString(method: "POST", url: url,
                                              parameters: body + oauth.protocolParameters(nonce: "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", timestamp: 1318622958))
        #expect(base == "POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521")
        #expect(oauth.signature(of: base) == "hCtSmYh+iHYCEqBWrE7C7hYmtUk=")
        let header = oauth.authorization(method: "POST", url: url, bodyParameters: body, nonce: "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", timestamp: 1318622958)
        #expect(header == #"OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1318622958", oauth_token="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", oauth_version="1.0""#)
    }
}
