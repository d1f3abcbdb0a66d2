extension InitCommand {
    static let starterConfig = """
    # newsletter configuration. Environment variables override these keys (README.md lists them);
    # secrets (SMTP password, token secret, social tokens) belong in the environment.

    # feed = "https://blog.example/feed/"
    # name = "Harbor Light Counseling"
    # from = "Harbor Light Counseling <newsletter@blog.example>"
    # postal_address = "Street, City, Country"
    # base_url = "https://news.blog.example"
    # db = "Subscribers/newsletter.sqlite"
    # outbox = "Outbox"
    # templates = "Templates"

    # [smtp]
    # url = "smtp://mail.blog.example:587"
    # username = "newsletter"
    # tls = "require"

    # DKIM: init wrote the key below; publish the TXT record it printed, then uncomment.
    # [dkim]
    # domain = "blog.example"
    # selector = "newsletter"
    # key = "Subscribers/dkim-newsletter.pem"

    """
}
