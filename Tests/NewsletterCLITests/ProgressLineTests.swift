@testable import NewsletterCLI
import NewsletterCore
import TestProcesses
import Testing

@Suite struct ProgressLineTests {
    @Test func theLineShowsTheBarCountsRateAndTimeLeft() {
        var counts = DeliveryCounts()
        counts.queued = 6000
        counts.claimed = 80
        counts.sent = 3900
        counts.bounced = 20
        let line = ProgressLine.line(counts, elapsed: 2)
        #expect(line == "[###########...................] 3920/10000 39% sent 3900 bounced 20 1960/s ETA 0:03")
    }

    @Test func theBarIsFullWhenNothingIsLeftAndHasNoRateAtTheStart() {
        #expect(ProgressLine.line(DeliveryCounts(), elapsed: 0) == "[##############################] 0/0 100% sent 0 bounced 0")
        var counts = DeliveryCounts()
        counts.queued = 10
        #expect(ProgressLine.line(counts, elapsed: 0.1) == "[..............................] 0/10 0% sent 0 bounced 0")
    }

    @Test func drawingRewritesOneLineAndIsSilentWithoutATerminal() {
        final class Screen: @unchecked Sendable { var text = "" }
        let screen = Screen()
        var counts = DeliveryCounts()
        counts.queued = 1
        let shown = ProgressLine(enabled: true) { screen.text += $0 }
        shown.show(counts)
        shown.show(counts) // within 0.2 s of the last: not drawn again
        shown.finish()
        #expect(screen.text == "\r[..............................] 0/1 0% sent 0 bounced 0\u{1B}[K\n")
        let quiet = ProgressLine(enabled: false) { screen.text += $0 }
        quiet.show(counts)
        quiet.finish()
        #expect(screen.text.filter { $0 == "\r" }.count == 1)
    }
}
