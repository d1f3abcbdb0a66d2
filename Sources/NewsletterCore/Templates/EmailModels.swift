import Foundation
import Mustache

/// The values the email templates see, typed; each answers the template's names (the
/// names README's template section lists) and nothing else, so a name a template does not
/// find falls through to the enclosing section as Mustache says.
public enum EmailModel {
    /// The newsletter's identity as the templates name it (`{{newsletter.name}}`…).
    struct Newsletter: MustacheParent {
        var identity: NewsletterIdentity
        /// The blog's address as the email carries it (tagged), and its number in the text's links.
        var blog: (url: String, ref: Int)?

        func child(named name: String) -> Any? {
            switch name {
            case "name": identity.name
            case "language": identity.language
            case "direction": identity.direction
            case "postal_address": identity.postalAddress
            case "base_url": identity.baseURL
            case "blog_url": blog?.url
            case "blog_ref": blog?.ref
            default: nil
            }
        }
    }

    /// One numbered link of the plain text's list.
    struct Reference: MustacheParent {
        var number: Int
        var url: String

        func child(named name: String) -> Any? {
            switch name {
            case "number": number
            case "url": url
            default: nil
            }
        }
    }

    /// One share link of a post, numbered in the text once the post's own links are.
    struct ShareLink: MustacheParent {
        var label: String
        var url: String
        var last: Bool
        var ref: Int?

        func child(named name: String) -> Any? {
            switch name {
            case "label": label
            case "url": url
            case "last": last
            case "ref": ref
            default: nil
            }
        }
    }

    /// A post as a digest item or an announcement.
    struct Item: MustacheParent {
        var title: String
        var url: String
        var date: String
        var summary: String
        var share: [ShareLink]
        var first: Bool
        var last: Bool
        var ref: Int
        var author: String?
        var categories: String?
        var image: String?
        /// An announcement's content made ready for email, and as plain text.
        var content: String?
        var contentText: String?
        /// False for a message written in Markdown: no blog link, no share links.
        var fromBlog = true

        func child(named name: String) -> Any? {
            switch name {
            case "title": title
            case "url": url
            case "date": date
            case "summary": summary
            case "summary_paragraphs": summary.components(separatedBy: "\n\n").filter { !$0.isEmpty }
            case "share": share
            case "first": first
            case "last": last
            case "ref": ref
            case "author": author
            case "categories": categories
            case "image": image
            // Decorative: the title right below says what the post is (and links to it).
            case "image_alt": image.map { _ in "" }
            case "content": content
            case "content_text": contentText
            case "from_blog": fromBlog
            default: nil
            }
        }
    }

    /// A digest or an announcement.
    struct Issue: MustacheParent {
        var newsletter: Newsletter
        var issueID: String
        var date: String
        var firstTitle: String
        var intro: String
        var preheader: String
        var browserURL: String
        var browserRef: Int
        var preferencesRef: Int
        var unsubscribeRef: Int
        var references: [Reference] = []
        /// The digest's posts (nil in an announcement).
        var posts: [Item]?
        /// The announcement's post (nil in a digest).
        var post: Item?
        var subject: String?

        func child(named name: String) -> Any? {
            switch name {
            case "newsletter": newsletter
            case "issue": ["id": issueID, "date": date]
            case "first_title": firstTitle
            case "intro": intro
            case "preheader": preheader
            case "view_in_browser_url": browserURL
            case "unsubscribe_url": PersonalizedText.marker(.unsubscribeURL)
            case "preferences_url": PersonalizedText.marker(.preferencesURL)
            case "subscriber": ["greeting_name": PersonalizedText.marker(.greetingName), "email": PersonalizedText.marker(.email)]
            case "browser_ref": browserRef
            case "preferences_ref": preferencesRef
            case "unsubscribe_ref": unsubscribeRef
            case "references": references
            case "posts": posts
            case "post_count": posts?.count
            case "single": posts.map { $0.count == 1 }
            case "more_count": posts.map { max(0, $0.count - 1) }
            case "post": post
            case "subject": subject
            default: nil
            }
        }
    }

    /// The confirmation and welcome emails.
    struct Transactional: MustacheParent {
        var identity: NewsletterIdentity
        var recipient: Recipient
        var actionURL: String
        var subject: String?

        func child(named name: String) -> Any? {
            switch name {
            case "newsletter": Newsletter(identity: identity, blog: nil)
            case "greeting_name": recipient.greetingName
            case "email": recipient.email
            case "action_url": actionURL
            case "subject": subject
            default: nil
            }
        }
    }

    /// The share buttons of one post.
    struct ShareButtons: MustacheParent {
        var title: String
        var url: String
        var links: [(key: String, label: String, href: String)]

        func child(named name: String) -> Any? {
            switch name {
            case "title": title
            case "url": url
            case "links": links.map { ["key": $0.key, "label": $0.label, "href": $0.href] }
            default: nil
            }
        }
    }
}
