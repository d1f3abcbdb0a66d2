#!/usr/bin/env python3
"""Runs axe-core (bundled by PyPI's axe-selenium-python) in headless Chromium on each file:
an .html page, or the HTML part of an .eml read by Python's email package. Each is checked
against WCAG 2.0 and 2.1, levels A and AA, in light and in dark mode, at 600 and 320 CSS
pixels wide. Prints one line per file, scheme and width ("clean", or the rules violated
with the elements), then a summary; exits 1 when anything is violated.

  axe_check.py FILE...
"""
import os
import sys
import tempfile

from axe_selenium_python import Axe

from chromium import driver as chromium, pages, prefer

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

driver = chromium(600)
driver.set_script_timeout(60)
axe = Axe(driver)
failures = 0
checks = 0
work = tempfile.mkdtemp(prefix="axe-")
try:
    for path, url in pages(sys.argv[1:], work):
        for scheme in ("light", "dark"):
            prefer(driver, scheme)
            for width in (600, 320):
                driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 500})
                driver.get(url)
                axe.inject()
                results = axe.run(options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
                checks += 1
                violations = results["violations"]
                name = "%s %s %d" % (os.path.basename(path), scheme, width)
                if not violations:
                    print(name + " clean")
                    continue
                failures += 1
                for violation in violations:
                    targets = [" ".join(node["target"]) for node in violation["nodes"]][:4]
                    summary = (violation["nodes"][0].get("failureSummary") or "").replace("\n", " ")
                    print("%s VIOLATION %s (%s): %s; %s" % (name, violation["id"], violation["impact"], targets, summary[:300]))
    print("axe-core %s: %d of %d checks clean" % (driver.execute_script("return axe.version"), checks - failures, checks))
finally:
    driver.quit()
sys.exit(1 if failures else 0)
