import NewsletterCLI

await NewsletterCommand.runMain()
