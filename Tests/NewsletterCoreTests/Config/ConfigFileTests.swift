import Foundation
import NewsletterCore
import Testing

/// The TOML reader accepts its subset exactly and refuses the rest with the line at fault.
@Suite struct ConfigFileTests {
    func error(_ text: String) -> String? {
        do {
            _ = try ConfigFile.parse(text, path: "n.toml")
            return nil
        } catch {
            return String(describing: error)
        }
    }

    @Test func arraysSplitOnlyOnCommasOutsideStrings() throws {
        let file = try ConfigFile.parse("""
        [dkim]
        selector = ["a,b", 'c', "d\\"e", ]
        empty = []
        numbers = [1, 2_000, -3.5]
        """, path: "n.toml")
        #expect(file.list("dkim.selector") == ["a,b", "c", "d\"e"])
        #expect(file.list("dkim.empty") == [])
        #expect(file.list("dkim.numbers") == ["1", "2000", "-3.5"])
        #expect(file.list("dkim.missing") == nil)
    }

    @Test func escapesAreRead() throws {
        let file = try ConfigFile.parse(#"name = "Caf\u00E9 \"Harbor\"\tx""#, path: "n.toml")
        #expect(file["name"] == "Café \"Harbor\"\tx")
    }

    @Test func aKeyGivenTwiceIsAnErrorNamingBothLines() {
        #expect(error("feed = \"a\"\n\n# again\nfeed = \"b\"") == "The config file n.toml has an error on line 4: the key 'feed' was already set on line 1.")
        #expect(error("[smtp]\nurl = \"a\"\n[smtp]\ntls = \"try\"") == "The config file n.toml has an error on line 3: the table [smtp] was already opened on line 1.")
        // The same key in two tables is two keys.
        #expect(error("url = \"a\"\n[smtp]\nurl = \"b\"") == nil)
    }

    @Test(arguments: [
        ("[[networks]]", "line 1: arrays of tables ([[name]]) are not supported"),
        ("smtp = { url = \"x\" }", "line 1: inline tables ('smtp') are not supported; use a [table] header"),
        ("a = 1\nnote = \"\"\"\nmore\n\"\"\"", "line 2: multi-line strings ('note') are not supported"),
        ("smtp.url = \"x\"", "line 1: dotted keys ('smtp.url') are not supported; use a [table] header"),
        ("list = [\"a\",\n \"b\"]", "line 1: the array of 'list' must open and close on one line"),
        ("list = [[1], [2]]", "line 1: nested arrays and inline tables in 'list' are not supported"),
        ("when = 2026-11-20", "line 1: the value of 'when' is not a string, number, boolean or array"),
        ("name = \"open", "line 1: the string of 'name' is not closed"),
        ("name = \"a\" \"b\"", "line 1: the string of 'name' has text after its closing quote"),
        ("name = \"bad \\q\"", "line 1: the string of 'name' has an unknown escape \\q"),
        ("list = [\"a\", , \"b\"]", "line 1: the array of 'list' has an empty item"),
    ])
    func whatItDoesNotSupportIsRefusedWithTheLine(_ text: String, _ expected: String) {
        #expect(error(text) == "The config file n.toml has an error on " + expected + ".")
    }
}
