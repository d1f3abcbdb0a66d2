#if os(Linux)
import CMalloc
import Glibc

// What the newsletter writes holds people's addresses and signed links: the store, its
// journals, the token secret and the outbox are the user's alone (folders 0700, files 0600).
_ = umask(0o077)

// glibc gives each thread that allocates an arena of its own (up to 8 per core); a send's
// connection threads then each keep hundreds of KB of freed blocks. Two arenas hold a
// send's peak memory lower at the same speed.
_ = mallopt(M_ARENA_MAX, 2)
#endif
import NewsletterCLI

await NewsletterCommand.runMain()
