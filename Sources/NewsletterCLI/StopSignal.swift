import Dispatch
import Foundation

/// SIGTERM (and SIGINT) for a send: the first one asks it to stop claiming copies, finish
/// the SMTP transactions under way and record them; the process then ends as usual, and
/// the next run resumes with nothing left unknown. A second signal ends it at once.
final class StopSignal: @unchecked Sendable {
    static let shared = StopSignal()

    private let lock = NSLock()
    private var stop = false
    private var sources: [DispatchSourceSignal] = []

    var requested: Bool { lock.withLock { stop } }

    /// Catches SIGTERM and SIGINT from now on; `told` runs once, on the first.
    func install(told: @escaping @Sendable (Int32) -> Void) {
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                let first = lock.withLock { () -> Bool in
                    defer { stop = true }
                    return !stop
                }
                if first {
                    told(number)
                } else {
                    // Asked twice: the default action, at once.
                    signal(number, SIG_DFL)
                    kill(getpid(), number)
                }
            }
            source.resume()
            lock.withLock { sources.append(source) }
        }
    }
}
