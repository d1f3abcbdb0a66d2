"""Measures emails and pages as a phone shows them: each file (an .html page, or the HTML
part of an .eml read by Python's email package) is loaded in headless Chromium at 320 CSS
pixels wide, in light and in dark mode, and its scroll width is compared with the view.
Prints one line per file and scheme, `OVERFLOW` where the page scrolls sideways; exits 1
when any does. Screenshots go to the folder in NEWSLETTER_SCREENSHOTS when it is set."""
import email
import email.policy
import os
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

WIDTH = 320


def html_of(path):
    if not path.endswith(".eml"):
        return open(path, encoding="utf-8").read()
    with open(path, "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.default)
    return message.get_body(preferencelist=("html",)).get_content()


options = Options()
for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=500,900",
             "--no-proxy-server", "--disable-background-networking", "--blink-settings=imagesEnabled=false"):
    options.add_argument(flag)
if os.path.exists("/usr/bin/chromium"):
    options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
shots = os.environ.get("NEWSLETTER_SCREENSHOTS")
failed = False
work = tempfile.mkdtemp(prefix="layout-")
try:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": WIDTH, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    for path in sys.argv[1:]:
        page = os.path.join(work, os.path.basename(path) + ".html")
        with open(page, "w", encoding="utf-8") as f:
            f.write(html_of(path))
        for scheme in ("light", "dark"):
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
            driver.get("file://" + page)
            scroll = driver.execute_script("return document.documentElement.scrollWidth")
            view = driver.execute_script("return window.innerWidth")
            dark = driver.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches")
            wide = scroll > WIDTH or view > WIDTH
            verdict = "OVERFLOW" if wide else "fits"
            failed = failed or wide
            print("%s %s scroll=%d view=%d dark=%s %s" % (os.path.basename(path), scheme, scroll, view, dark, verdict))
            if shots:
                os.makedirs(shots, exist_ok=True)
                driver.save_screenshot(os.path.join(shots, "%s-%s-%d.png" % (os.path.basename(path), scheme, WIDTH)))
finally:
    driver.quit()
sys.exit(1 if failed else 0)
