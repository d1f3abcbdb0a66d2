/// What an interrupted send's journals say: the copies that finished, with their outcomes,
/// and the copies that had started their SMTP transaction and not finished it.
public struct JournalReplay: Sendable, Equatable {
    public var finished: [RecordedOutcome] = []
    public var started: Set<Int64> = []

    public init(finished: [RecordedOutcome] = [], started: Set<Int64> = []) {
        self.finished = finished
        self.started = started
    }
}
