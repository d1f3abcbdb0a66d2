import Foundation
import NewsletterCore

/// `posts` as text: date, title, link, byline.
enum PostText {
    static func render(_ posts: [Post]) -> String {
        guard !posts.isEmpty else { return "No posts." }
        var lines: [String] = []
        for post in posts {
            let date = post.date.map { String(UTCFormat.iso8601($0).prefix(10)) } ?? "(no date)  "
            lines.append("\(date)  \(post.title.isEmpty ? "(untitled)" : post.title)")
            if let url = post.url { lines.append("            \(url)") }
            var byline: [String] = []
            if let author = post.author { byline.append("by \(author)") }
            if !post.categories.isEmpty { byline.append(post.categories.joined(separator: ", ")) }
            if !byline.isEmpty { lines.append("            " + byline.joined(separator: " · ")) }
        }
        return lines.joined(separator: "\n")
    }
}
