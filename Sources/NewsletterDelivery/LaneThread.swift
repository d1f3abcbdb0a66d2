import Foundation

/// One thread that runs, in order, blocks given to it and the jobs of tasks that prefer it
/// as their executor. A send worker pinned here composes a copy and makes libcurl's
/// blocking calls on the same thread, with no hop to another thread and back per message.
/// Started on first use; `stop()` lets it end once its queue is empty.
final class LaneThread: TaskExecutor, @unchecked Sendable {
    private enum Work {
        case job(UnownedJob)
        case block(() -> Void)
    }

    private let name: String
    private let condition = NSCondition()
    private var queue: [Work] = []
    private var started = false
    private var stopping = false
    private var thread = pthread_t?.none

    init(name: String) { self.name = name }

    func enqueue(_ job: consuming ExecutorJob) {
        put(.job(UnownedJob(job)))
    }

    /// Runs `block` on the thread, after what is already queued.
    func async(_ block: @escaping () -> Void) {
        put(.block(block))
    }

    /// Whether the caller is running on this thread.
    var isCurrent: Bool {
        condition.lock()
        defer { condition.unlock() }
        guard let thread else { return false }
        return pthread_equal(thread, pthread_self()) != 0
    }

    /// Ends the thread once its queue is empty.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func put(_ work: Work) {
        condition.lock()
        queue.append(work)
        if !started {
            started = true
            let thread = Thread { [self] in run() }
            thread.name = name
            thread.start()
        }
        condition.signal()
        condition.unlock()
    }

    private func run() {
        condition.lock()
        thread = pthread_self()
        condition.unlock()
        var batch: [Work] = []
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty {
                condition.unlock()
                return
            }
            swap(&batch, &queue)
            condition.unlock()
            for work in batch {
                switch work {
                case .job(let job): job.runSynchronously(on: asUnownedTaskExecutor())
                case .block(let block): block()
                }
            }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
