"""Measures emails and pages as a phone shows them: each file (an .html page, or the HTML
part of an .eml read by Python's email package) is loaded in headless Chromium at 320 CSS
pixels wide, in light and in dark mode, and its scroll width is compared with the view.
Prints one line per file and scheme, `OVERFLOW` where the page scrolls sideways; exits 1
when any does. Screenshots go to the folder in NEWSLETTER_SCREENSHOTS when it is set."""
import os
import sys
import tempfile

from chromium import driver as chromium, pages, prefer

WIDTH = 320

driver = chromium(500)
shots = os.environ.get("NEWSLETTER_SCREENSHOTS")
failed = False
work = tempfile.mkdtemp(prefix="layout-")
try:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": WIDTH, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    for path, url in pages(sys.argv[1:], work):
        for scheme in ("light", "dark"):
            prefer(driver, scheme)
            driver.get(url)
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
