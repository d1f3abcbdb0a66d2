#!/usr/bin/env python3
"""The console in headless Chromium against a running `newsletter serve`: open the set-up
link, read the authenticator key from the otpauth:// URI the page shows (pyotp computes the
codes, as an authenticator app would), set a password, sign out, sign in with password and
code, find a subscriber, pause them, and check the store. axe-core (axe-selenium-python)
checks each console page for WCAG 2.1 A/AA violations at 900 px light and 420 px dark.
Prints "OK" and exits 0, or names the step that failed.

  console_flow.py BASE_URL SETUP_LINK EMAIL DATABASE [SCREENSHOT_DIR]

With CONSOLE_MAILDIR (the SMTP server's maildir), CONSOLE_BINARY and CONSOLE_WORKDIR in the
environment it goes on: writes a Markdown announcement with a link and a list, previews it,
sends a test to itself, sends it to the list and follows its numbers to 50 delivered; then
runs `newsletter send --weekly` under review as cron would, approves the draft, and sees
the digest delivered once, even with cron and `send --approved` run again.
"""
import email
import email.policy
import os
import sqlite3
import subprocess
import sys
import time

import pyotp
from axe_selenium_python import Axe
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from chromium import driver as chromium, heading as page_heading, prefer

base, link, user, database = sys.argv[1:5]
shots = sys.argv[5] if len(sys.argv) > 5 else None
PASSWORD = "a long clinic passphrase"
READER = "maya.patel@example.org"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def fail(step, detail=""):
    print("FAILED at %s: %s" % (step, detail))
    sys.exit(1)


def heading(expected):
    text = page_heading(driver, expected)
    if text != expected:
        fail("waiting for '%s'" % expected, "the page says '%s'" % text)
    return text


checked = []


def audit(name):
    """axe-core on the page as it is, at 900 px light and 420 px dark; a screenshot of each."""
    url = driver.current_url
    for scheme, width in (("light", 900), ("dark", 420)):
        prefer(driver, scheme)
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": width < 500})
        driver.get(url) if driver.current_url != url else driver.refresh()
        axe.inject()
        results = axe.run(options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
        if results["violations"]:
            fail("axe on %s %s %d" % (name, scheme, width), [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results["violations"]])
        overflow = driver.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 1")
        if overflow:
            fail("layout of %s at %d px" % (name, width), "the page is wider than the window")
        if shots:
            os.makedirs(shots, exist_ok=True)
            driver.save_screenshot(os.path.join(shots, "console-%s-%s-%d.png" % (name, scheme, width)))
        checked.append("%s %s %d" % (name, scheme, width))
    prefer(driver, "light")
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def delivered(maildir):
    """The messages the SMTP server took: (To, Subject) of each."""
    out = []
    for sub in ("new", "cur"):
        folder = os.path.join(maildir, sub)
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            with open(os.path.join(folder, name), "rb") as f:
                m = email.message_from_binary_file(f, policy=email.policy.default)
            out.append((str(m["To"]), str(m["Subject"])))
    return out


def text_of(tag):
    try:
        return driver.find_element(By.TAG_NAME, tag).text
    except (StaleElementReferenceException, Exception):
        return ""


def wait_for(step, predicate, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    fail(step, "timed out")


def cron(*arguments):
    result = subprocess.run([os.environ["CONSOLE_BINARY"]] + list(arguments), cwd=os.environ["CONSOLE_WORKDIR"], capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        fail("newsletter " + " ".join(arguments), result.stdout + result.stderr)
    return result.stdout


def announce_and_review(maildir):
    # 4. An announcement in Markdown: a link and a list; preview, a test to me, then the list.
    driver.find_element(By.LINK_TEXT, "Write").click()
    heading("Write an announcement")
    driver.find_element(By.ID, "subject").send_keys("A new group for families")
    driver.find_element(By.ID, "markdown").send_keys("We start a **new group** for families on Tuesdays:\n\n- 6 pm, room 2\n- bring a friend\n\n[Sign up here](https://www.harborlightclinic.example/groups/)\n")
    # The preview follows the typing (the console's one script), before any button.
    wait_for("the live preview", lambda: "• 6 pm, room 2" in (driver.find_element(By.ID, "preview-text").text or ""), seconds=20)
    driver.find_element(By.CSS_SELECTOR, "button[value=preview]").click()
    heading("Write an announcement")
    if not driver.find_elements(By.CSS_SELECTOR, "iframe.preview[sandbox]") or "• 6 pm, room 2" not in driver.find_element(By.CSS_SELECTOR, "pre.text-part").text:
        fail("preview", driver.page_source[:500])
    audit("compose")
    driver.find_element(By.CSS_SELECTOR, "button[value=test]").click()
    heading("Write an announcement")
    wait_for("the test copy", lambda: any(to == user and subject.startswith("[TEST]") for to, subject in delivered(maildir)))
    before = len(delivered(maildir))
    driver.find_element(By.CSS_SELECTOR, "button[value=send]").click()
    heading("Sending")
    text = text_of("main")
    if "to 50 readers" not in text:
        fail("sending the announcement", text)
    driver.find_element(By.PARTIAL_LINK_TEXT, "Follow issue").click()
    deadline = time.time() + 60
    while "Delivered\n50" not in driver.find_element(By.ID, "numbers").text and time.time() < deadline:
        time.sleep(0.3)
        driver.refresh()
    if "Delivered\n50" not in driver.find_element(By.ID, "numbers").text:
        fail("the announcement's numbers", driver.find_element(By.ID, "numbers").text)
    audit("issue")
    if len(delivered(maildir)) != before + 50:
        fail("announcement copies", len(delivered(maildir)) - before)

    # 5. Review: cron drafts the weekly digest and tells the editor; approved, it goes out once.
    out = cron("send", "--weekly")
    if "waits for an editor's approval" not in out:
        fail("cron under review", out)
    wait_for("the review notice", lambda: any(to == user and subject.startswith("[Review]") for to, subject in delivered(maildir)))
    driver.find_element(By.LINK_TEXT, "Overview").click()
    heading("Overview")
    driver.find_element(By.CSS_SELECTOR, "#drafts a").click()
    audit("draft")
    driver.find_element(By.ID, "approve").click()
    wait_for("approval", lambda: "Approved" in text_of("main"))
    digest = lambda: [m for m in delivered(maildir) if not m[1].startswith("[") and "new group" not in m[1]]
    wait_for("the digest", lambda: len(digest()) == 50)
    cron("send", "--weekly")
    cron("send", "--approved")
    time.sleep(1)
    if len(digest()) != 50 or len({to for to, _ in digest()}) != 50:
        fail("the digest, once", len(digest()))


driver = chromium(900)
driver.set_script_timeout(60)
axe = Axe(driver)
try:
    # 1. The set-up link: the key from the otpauth:// URI, a password and the current code.
    driver.get(link)
    heading("Set up your console access")
    uri = driver.find_element(By.ID, "totp-uri").get_attribute("href")
    totp = pyotp.parse_uri(uri)
    if not isinstance(totp, pyotp.TOTP) or totp.digits != 6 or totp.interval != 30:
        fail("otpauth URI", uri)
    if driver.find_element(By.ID, "totp-key").text != totp.secret:
        fail("the key shown", driver.find_element(By.ID, "totp-key").text)
    if not driver.find_elements(By.CSS_SELECTOR, ".qr svg[role=img][aria-label]"):
        fail("QR code", "no labelled SVG")
    audit("setup")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "confirmation").send_keys(PASSWORD)
    driver.find_element(By.ID, "code").send_keys(totp.now())
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    heading("Overview")
    audit("overview")

    # 2. Sign out, then in: the password, then a code (the next step's: the current one is spent).
    driver.find_element(By.CSS_SELECTOR, "nav form button").click()
    heading("Sign in")
    audit("login")
    driver.find_element(By.ID, "email").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "main form button").click()
    heading("Second step")
    driver.find_element(By.ID, "code").send_keys(totp.at(time.time() + 30))
    driver.find_element(By.CSS_SELECTOR, "main form button").click()
    heading("Overview")

    # 3. Find the reader and pause them for a month.
    driver.find_element(By.LINK_TEXT, "Subscribers").click()
    heading("Subscribers")
    driver.find_element(By.ID, "q").send_keys("maya")
    driver.find_element(By.CSS_SELECTOR, "form[role=search] button").click()
    WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.LINK_TEXT, READER)))
    audit("subscribers")
    driver.find_element(By.LINK_TEXT, READER).click()
    heading(READER)
    audit("person")
    driver.find_element(By.CSS_SELECTOR, "#pause option[value='1m']").click()
    driver.find_element(By.ID, "save").click()
    WebDriverWait(driver, 30, ignored_exceptions=(StaleElementReferenceException,)).until(lambda d: d.find_element(By.ID, "paused").text.startswith("until "))
    with sqlite3.connect(database) as db:
        paused = db.execute("SELECT paused_until FROM subscriber WHERE email = ?", (READER,)).fetchone()[0]
        source, detail = db.execute("SELECT source, detail FROM event WHERE action = 'pause' ORDER BY id DESC LIMIT 1").fetchone()
    if not paused or source != "admin" or not detail.endswith("by " + user):
        fail("the store", (paused, source, detail))
    maildir = os.environ.get("CONSOLE_MAILDIR")
    if maildir:
        announce_and_review(maildir)
    print("%d page checks clean: %s" % (len(checked), ", ".join(checked)))
    print("OK")
finally:
    driver.quit()
