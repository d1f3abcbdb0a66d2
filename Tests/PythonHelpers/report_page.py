#!/usr/bin/env python3
"""The report page (`newsletter report --html`) in headless Chromium: it must load with no
console message, fetch nothing besides itself, fit 900 and 420 px wide windows without a
horizontal scroll bar, and have text alternatives for its charts, in light and dark mode.
Prints "OK" and exits 0, or names what failed.

  report_page.py PAGE.html [SCREENSHOT_DIR]
"""
import json
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

page, shots = os.path.abspath(sys.argv[1]), (sys.argv[2] if len(sys.argv) > 2 else None)


def fail(what):
    print("FAILED: " + what)
    sys.exit(1)


options = Options()
for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-proxy-server",
             "--disable-background-networking", "--hide-scrollbars"):
    options.add_argument(flag)
options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
if os.path.exists("/usr/bin/chromium"):
    options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
try:
    for scheme in ("light", "dark"):
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
        for width in (900, 420):
            driver.set_window_size(width, 1000)
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": width < 500})
            driver.get("file://" + page)
            console = driver.get_log("browser")
            if console:
                fail("console messages at %d px (%s): %s" % (width, scheme, console))
            requests = []
            for entry in driver.get_log("performance"):
                message = json.loads(entry["message"])["message"]
                if message.get("method") == "Network.requestWillBeSent":
                    requests.append(message["params"]["request"]["url"])
            others = [url for url in requests if url != "file://" + page]
            if others:
                fail("the page fetched %s" % others)
            scroll, inner = driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if scroll > inner:
                fail("a horizontal scroll bar at %d px (%s): the page is %d px wide" % (width, scheme, scroll))
            # Nothing sticks out of the window, even inside a box that would hide or scroll it.
            outside = driver.execute_script(
                "return Array.from(document.querySelectorAll('main *')).filter(e => e.getBoundingClientRect().right > "
                "document.documentElement.clientWidth + 1).map(e => e.tagName + ' ' + (e.textContent || '').slice(0, 40))")
            if outside:
                fail("at %d px (%s) these stick out of the window: %s" % (width, scheme, outside[:5]))
            titles = driver.execute_script("return Array.from(document.querySelectorAll('svg')).map(s => s.querySelector('title') ? s.querySelector('title').textContent : '')")
            if not titles or not all(titles):
                fail("a chart without a <title>: %s" % titles)
            if not driver.execute_script("return document.querySelectorAll('table').length >= 2"):
                fail("no tables beside the charts")
            background = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
            if (scheme == "dark") != (background in ("rgb(27, 34, 33)",)):
                fail("the %s background is %s" % (scheme, background))
            if shots:
                os.makedirs(shots, exist_ok=True)
                height = driver.execute_script("return document.documentElement.scrollHeight")
                driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": min(height, 4000), "deviceScaleFactor": 1, "mobile": width < 500})
                driver.save_screenshot(os.path.join(shots, "report-%d-%s.png" % (width, scheme)))
    print("OK")
finally:
    driver.quit()
