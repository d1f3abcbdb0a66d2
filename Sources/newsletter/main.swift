#if os(Linux)
import CMalloc

// glibc gives each thread that allocates an arena of its own (up to 8 per core); a send's
// connection threads then each keep hundreds of KB of freed blocks. Two arenas hold a
// send's peak memory lower at the same speed.
_ = mallopt(M_ARENA_MAX, 2)
#endif
import NewsletterCLI

await NewsletterCommand.runMain()
