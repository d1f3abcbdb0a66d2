import Foundation

/// An exclusive, non-blocking `flock` (released when the process ends, even by kill -9).
final class SendLock {
    private let fd: Int32

    init?(path: String) {
        let fd = open(path, O_CREAT | O_RDWR, 0o644)
        guard fd >= 0 else { return nil }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
        self.fd = fd
    }

    func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
