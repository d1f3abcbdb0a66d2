#!/usr/bin/env python3
"""The console's answer times against a running `newsletter serve`: sets up the console user
of SETUP_LINK (pyotp computes the code from the page's otpauth:// URI), then asks each page
ROUNDS times and prints every page's median and worst time in milliseconds.

  bench_console.py BASE_URL SETUP_LINK ROUNDS
"""
import http.cookiejar
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request

import pyotp

base, link, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
opener.addheaders = [("Accept", "text/html")]


def get(path):
    with opener.open(base + path if path.startswith("/") else path) as r:
        return r.read().decode()


page = get(link)
uri = re.search(r'id="totp-uri" href="([^"]+)"', page).group(1).replace("&amp;", "&")
csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
form = urllib.parse.urlencode({"csrf": csrf, "password": "a long bench passphrase", "confirmation": "a long bench passphrase",
                               "code": pyotp.parse_uri(uri).now()}).encode()
opener.open(link, data=form).read()
start = time.perf_counter()
overview = get("/admin/")
print("  %-12s %7.1f ms (the first overview after start: serve counts the list then, and every minute after)" % ("overview-1st", (time.perf_counter() - start) * 1000))
if "Overview" not in overview:
    sys.exit("bench_console.py: could not sign in")
found = get("/admin/subscribers?q=person4242")
person = re.search(r'href="/admin/subscribers/(\d+)"', found).group(1)
pages = [("overview", "/admin/"), ("search", "/admin/subscribers?q=person4242"), ("search-name", "/admin/subscribers?q=Person%2077777"),
         ("list", "/admin/subscribers?status=confirmed"), ("person", "/admin/subscribers/" + person)]
for name, path in pages:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        get(path)
        times.append((time.perf_counter() - start) * 1000)
    print("  %-12s median %7.1f ms   worst %7.1f ms" % (name, statistics.median(times), max(times)))
