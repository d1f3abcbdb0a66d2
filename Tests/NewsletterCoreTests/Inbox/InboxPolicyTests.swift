import Foundation
import NewsletterCore
import Testing

/// The inbox's rules without a store: what each report asks, and what it does to a
/// subscriber in each status (the transition table every store adapter only persists).
@Suite struct InboxPolicyTests {
    static func recipient(hard: Bool, action: String = "failed") -> ReportRecipient {
        ReportRecipient(email: "ana@example.org", status: hard ? "5.1.1" : "4.2.2", action: action, hard: hard, diagnostic: nil,
                        reason: hard ? .userUnknown : .mailboxFull)
    }

    @Test func eachKindOfReportAsksForItsAction() {
        #expect(InboxPolicy.action(kind: .bounce, recipient: Self.recipient(hard: true)) == .bounced)
        #expect(InboxPolicy.action(kind: .bounce, recipient: Self.recipient(hard: false)) == .softBounce)
        #expect(InboxPolicy.action(kind: .bounce, recipient: Self.recipient(hard: true, action: "delayed")) == .none)
        #expect(InboxPolicy.action(kind: .bounce, recipient: nil) == .none)
        #expect(InboxPolicy.action(kind: .complaint, recipient: nil) == .complained)
        #expect(InboxPolicy.action(kind: .complaint, recipient: nil, feedbackType: "abuse") == .complained)
        #expect(InboxPolicy.action(kind: .complaint, recipient: nil, feedbackType: "opt-out") == .unsubscribed)
        for harmless in ["auth-failure", "dmarc", "not-spam"] {
            #expect(InboxPolicy.action(kind: .complaint, recipient: nil, feedbackType: harmless) == .none)
        }
        #expect(InboxPolicy.action(kind: .unsubscribe, recipient: nil) == .unsubscribed)
        for kind in [ReportKind.delay, .autoreply, .other] {
            #expect(InboxPolicy.action(kind: kind, recipient: Self.recipient(hard: true)) == .none)
        }
    }

    static func change(_ action: ReportAction, issue: String? = "2026-11-27") -> ReportChange {
        ReportChange(key: "<r@x>|1", subscriberID: 1, issueID: issue, action: action, detail: "d", softLimit: 3)
    }

    @Test func aBounceOrAnUnsubscribeOnlyMovesSomeoneStillOnTheList() {
        for status in SubscriberStatus.allCases {
            let onList = status == .pending || status == .confirmed
            let bounce = Self.change(.bounced).decide(current: status, softBounces: 0)
            #expect(bounce == (onList ? .move(to: .bounced, action: .bounce, detail: "d", done: .bounced) : .nothing), "\(status)")
            let leave = Self.change(.unsubscribed).decide(current: status, softBounces: 0)
            #expect(leave == (onList ? .move(to: .unsubscribed, action: .unsubscribe, detail: "d", done: .unsubscribed) : .nothing), "\(status)")
        }
    }

    @Test func aComplaintIsRecordedOverAnOptOutButNeverTwice() {
        for status in SubscriberStatus.allCases {
            let decision = Self.change(.complained).decide(current: status, softBounces: 0)
            #expect(decision == (status == .complained ? .nothing : .move(to: .complained, action: .complaint, detail: "d", done: .complained)), "\(status)")
        }
    }

    @Test func softBouncesCountUntilTheLimitThenBounce() {
        let change = Self.change(.softBounce)
        #expect(change.decide(current: .confirmed, softBounces: 1) == .log(action: .softBounce, detail: "1 of 3; d", done: .softBounce))
        #expect(change.decide(current: .confirmed, softBounces: 2).done == .softBounce)
        #expect(change.decide(current: .confirmed, softBounces: 3) == .move(to: .bounced, action: .bounce, detail: "3 soft bounces within 30 days; d", done: .bounced))
        #expect(change.decide(current: .unsubscribed, softBounces: 3) == .nothing)
        #expect(change.softBounceKey == "2026-11-27")
        #expect(Self.change(.softBounce, issue: nil).softBounceKey == "report:<r@x>|1")
    }

    @Test func onlyBouncesAndComplaintsNoteTheCopy() {
        #expect(Self.change(.bounced).deliveryNote?.note == "bounced; d")
        #expect(Self.change(.complained).deliveryNote?.issueID == "2026-11-27")
        #expect(Self.change(.unsubscribed).deliveryNote == nil)
        #expect(Self.change(.bounced, issue: nil).deliveryNote == nil)
    }
}
