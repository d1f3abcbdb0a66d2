import Foundation
import Mustache

/// What every web page draws on: the newsletter's name, address, language and links.
public struct PageFrame: Sendable, MustacheParent {
    public var identity: NewsletterIdentity

    public init(identity: NewsletterIdentity) {
        self.identity = identity
    }

    public func child(named name: String) -> Any? {
        switch name {
        case "newsletter_name": identity.name
        case "postal_address": identity.postalAddress
        case "language": identity.language
        case "direction": identity.direction
        case "subscribe_url": identity.baseURL + "/subscribe"
        case "archive_url": identity.baseURL + "/archive"
        case "feed_url": identity.baseURL + "/archive/feed.xml"
        // Forms post back to the page's own address.
        case "form_action": ""
        default: nil
        }
    }
}

/// The content of one web page, typed; `TemplateSet.page` renders it in its frame.
public enum PageContent: Sendable {
    case subscribe(email: String, name: String, problem: SubscribeProblem?, topics: [TopicChoice] = [])
    case subscribeSent
    case confirm
    case confirmed
    case unsubscribe
    case unsubscribed
    case preferences(PreferencesView)
    case archive([ArchiveEntry])
    case error(WebPage.Failure)

    /// Why a sign-up form came back.
    public enum SubscribeProblem: String, Sendable {
        case missingEmail = "missing_email"
        case invalidEmail = "invalid_email"
        /// Topics offered, none ticked.
        case noTopics = "no_topics"
    }

    /// One topic as a form's checkbox.
    public struct TopicChoice: Sendable, MustacheParent {
        public var key: String
        public var title: String
        public var description: String
        public var checked: Bool

        public init(key: String, title: String, description: String, checked: Bool) {
            self.key = key
            self.title = title
            self.description = description
            self.checked = checked
        }

        /// The catalog's topics, ticked as `followed` says (empty: every topic).
        public static func list(_ catalog: TopicCatalog, followed: [String]) -> [TopicChoice] {
            catalog.topics.map { TopicChoice(key: $0.key, title: $0.title, description: $0.description, checked: followed.isEmpty || followed.contains($0.key)) }
        }

        public func child(named name: String) -> Any? {
            switch name {
            case "key": key
            case "title": title
            case "description": description.isEmpty ? nil : description
            case "checked": checked
            default: nil
            }
        }
    }

    /// The preferences form as one subscriber sees it.
    public struct PreferencesView: Sendable {
        public var email: String
        public var name: String
        public var cadence: Cadence
        /// The day the pause ends, in words; nil when not paused.
        public var pausedUntil: String?
        public var paused: Bool
        /// Still on the list (confirmed or pending): the form can change settings.
        public var active: Bool
        public var statusWords: String
        public var saved: Bool
        public var error: Bool
        /// The topics offered, ticked as the person follows them; empty when none are configured.
        public var topics: [TopicChoice] = []
        /// Every topic was unticked: the page asks whether they mean to unsubscribe.
        public var askLeave = false

        public init(email: String, name: String, cadence: Cadence, pausedUntil: String?, paused: Bool, active: Bool, statusWords: String,
                    saved: Bool, error: Bool) {
            self.email = email
            self.name = name
            self.cadence = cadence
            self.pausedUntil = pausedUntil
            self.paused = paused
            self.active = active
            self.statusWords = statusWords
            self.saved = saved
            self.error = error
        }
    }

    /// One sent issue in the archive's list.
    public struct ArchiveEntry: Sendable, MustacheParent {
        public var subject: String
        public var url: String
        public var date: String

        public init(subject: String, url: String, date: String) {
            self.subject = subject
            self.url = url
            self.date = date
        }

        public func child(named name: String) -> Any? {
            switch name {
            case "subject": subject
            case "url": url
            case "date": date
            default: nil
            }
        }
    }

    public var page: WebPage {
        switch self {
        case .subscribe: .subscribe
        case .subscribeSent: .subscribeSent
        case .confirm: .confirm
        case .confirmed: .confirmed
        case .unsubscribe: .unsubscribe
        case .unsubscribed: .unsubscribed
        case .preferences: .preferences
        case .archive: .archive
        case .error: .error
        }
    }

    /// The template's name for one of this page's values; nil for the frame's.
    func field(_ name: String) -> Any? {
        switch self {
        case .subscribe(let email, let person, let problem, let topics):
            switch name {
            case "email": return email
            case "name": return person
            case "error": return problem != nil
            case "has_topics": return !topics.isEmpty
            case "topics": return topics
            default: return problem?.rawValue == name ? true : nil
            }
        case .preferences(let view):
            switch name {
            case "email": return view.email
            case "name": return view.name
            case "cadence_weekly": return view.cadence == .weekly
            case "cadence_each": return view.cadence == .each
            case "paused": return view.paused
            case "paused_until": return view.pausedUntil
            case "active": return view.active
            case "status_words": return view.statusWords
            case "saved": return view.saved
            case "error": return view.error
            case "has_topics": return !view.topics.isEmpty
            case "topics": return view.topics
            case "ask_leave": return view.askLeave
            default: return nil
            }
        case .archive(let entries):
            return name == "issues" ? entries : nil
        case .error(let failure):
            return failure.rawValue == name ? true : nil
        case .subscribeSent, .confirm, .confirmed, .unsubscribe, .unsubscribed:
            return nil
        }
    }
}

/// A page's values for the templates: the content's, then the frame's; `body` and
/// `page_<name>` for the outer page.
struct PageContext: MustacheParent {
    let content: PageContent
    let frame: PageFrame
    var body: String?

    func child(named name: String) -> Any? {
        if name == "body" { return body }
        if name.hasPrefix("page_") { return name == "page_" + content.page.rawValue.replacingOccurrences(of: "-", with: "_") }
        return content.field(name) ?? frame.child(named: name)
    }
}
