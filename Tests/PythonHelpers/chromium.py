"""What the helpers that open emails and pages in headless Chromium share: the HTML of a
file (an .html page, or the HTML part of an .eml read by Python's email package) and a
driver that fetches nothing from the network."""
import email
import email.policy
import os
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service


def html_of(path):
    if not path.endswith(".eml"):
        return open(path, encoding="utf-8").read()
    with open(path, "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.default)
    return message.get_body(preferencelist=("html",)).get_content()


def driver(width):
    """Headless Chromium `width` CSS pixels wide, images off, no proxy or background requests."""
    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=%d,900" % width,
                 "--no-proxy-server", "--disable-background-networking", "--blink-settings=imagesEnabled=false"):
        options.add_argument(flag)
    if os.path.exists("/usr/bin/chromium"):
        options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def pages(paths, work):
    """Each file's HTML written to a page in `work`: (path, file URL), in order."""
    for path in paths:
        page = os.path.join(work, os.path.basename(path) + ".html")
        with open(page, "w", encoding="utf-8") as f:
            f.write(html_of(path))
        yield path, "file://" + page


def prefer(driver, scheme):
    """Emulates `prefers-color-scheme: scheme` (light or dark)."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})


def heading(driver, expected=None, seconds=30):
    """The page's h1; with `expected`, waits (up to `seconds`) for it, riding out the moment
    a form's navigation replaces the page (a stale element). Returns the last text seen."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait
    deadline = time.time() + seconds
    text = None
    while time.time() < deadline:
        try:
            text = WebDriverWait(driver, seconds).until(EC.presence_of_element_located((By.TAG_NAME, "h1"))).text
        except StaleElementReferenceException:
            time.sleep(0.1)
            continue
        if expected is None or text == expected:
            return text
        time.sleep(0.1)
    return text
