#!/usr/bin/env python3
"""The sign-up flow in headless Chromium (selenium + chromedriver), against a running
`newsletter serve`: fill the form, read the confirmation email from the outbox, follow its
link, see the subscriber confirmed in the store, send a digest, and unsubscribe from the
digest's link. Prints "OK" and exits 0, or names the step that failed.

  browser_flow.py BASE_URL WORK_DIR NEWSLETTER_BINARY [SCREENSHOT_DIR]

WORK_DIR is the server's working directory (Outbox/ and Subscribers/newsletter.sqlite).
The environment is passed on to `newsletter send`.
"""
import email
import email.policy
import os
import re
import sqlite3
import subprocess
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from selenium.common.exceptions import StaleElementReferenceException

base, work, binary = sys.argv[1], sys.argv[2], sys.argv[3]
shots = sys.argv[4] if len(sys.argv) > 4 else None
ADDRESS = "maya.patel@example.org"


def fail(step, detail=""):
    print("FAILED at %s: %s" % (step, detail))
    sys.exit(1)


def outbox_messages():
    folder = os.path.join(work, "Outbox", "new")
    names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    out = []
    for name in names:
        with open(os.path.join(folder, name), "rb") as f:
            out.append(email.message_from_binary_file(f, policy=email.policy.default))
    return out


def wait_for_message(predicate, step):
    for _ in range(1200):
        for message in outbox_messages():
            if predicate(message):
                return message
        time.sleep(0.05)
    fail(step, "no such message in the outbox")


def status():
    with sqlite3.connect(os.path.join(work, "Subscribers", "newsletter.sqlite")) as db:
        row = db.execute("SELECT status FROM subscriber WHERE email = ?", (ADDRESS,)).fetchone()
        return row[0] if row else None


def shot(name):
    if shots:
        os.makedirs(shots, exist_ok=True)
        driver.save_screenshot(os.path.join(shots, name + ".png"))


def heading(expected=None):
    """The page's h1; with `expected`, waits (up to 30 s) for it, riding out the moment a
    form's navigation replaces the page (a stale element)."""
    deadline = time.time() + 30
    text = None
    while time.time() < deadline:
        try:
            text = WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.TAG_NAME, "h1"))).text
        except StaleElementReferenceException:
            time.sleep(0.1)
            continue
        if expected is None or text == expected:
            return text
        time.sleep(0.1)
    return text


options = Options()
for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=900,1000",
             "--no-proxy-server", "--disable-background-networking"):
    options.add_argument(flag)
if os.path.exists("/usr/bin/chromium"):
    options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
try:
    # 1. The form: labelled fields, focus order email → name → button (the trap is skipped).
    driver.get(base + "/subscribe")
    if heading("Get our newsletter") != "Get our newsletter":
        fail("subscribe page", heading())
    for field in ("email", "name"):
        if not driver.find_elements(By.CSS_SELECTOR, "label[for=%s]" % field):
            fail("labels", "no label for " + field)
    order = []
    for _ in range(3):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        active = driver.switch_to.active_element
        order.append(active.get_attribute("id") or active.tag_name)
    if order[:3] != ["email", "name", "button"]:
        fail("focus order", order)
    shot("subscribe")
    driver.find_element(By.ID, "email").send_keys(ADDRESS)
    driver.find_element(By.ID, "name").send_keys("Maya Patel")
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    if heading("Check your inbox") != "Check your inbox":
        fail("after submitting", heading())
    shot("check-inbox")
    if status() != "pending":
        fail("pending in the store", status())

    # 2. The confirmation email, read by Python's email package; its link followed.
    confirmation = wait_for_message(lambda m: "confirm" in str(m["Subject"]).lower() and ADDRESS in str(m["To"]), "confirmation email")
    text = confirmation.get_body(preferencelist=("plain",)).get_content()
    match = re.search(re.escape(base) + r"/confirm/[A-Za-z0-9._-]+", text)
    if not match:
        fail("confirmation link", text[:500])
    driver.get(match.group(0))
    if heading("You are subscribed") != "You are subscribed":
        fail("confirm page", heading())
    shot("confirmed")
    if status() != "confirmed":
        fail("confirmed in the store", status())

    # 3. A digest goes out; its unsubscribe link leads to a page with a button.
    sent = subprocess.run([binary, "send", "--since", "14d"], cwd=work, capture_output=True, text=True)
    if sent.returncode != 0:
        fail("newsletter send", sent.stderr)
    digest = wait_for_message(lambda m: ADDRESS in str(m["To"]) and m["List-Unsubscribe"] is not None, "digest")
    html = digest.get_body(preferencelist=("html",)).get_content()
    match = re.search(r'href="(' + re.escape(base) + r'/unsubscribe/[A-Za-z0-9._-]+)"', html)
    if not match:
        fail("unsubscribe link in the digest")
    driver.get(match.group(1))
    if heading("Unsubscribe") != "Unsubscribe":
        fail("unsubscribe page", heading())
    shot("unsubscribe")
    if status() != "confirmed":
        fail("a GET changed the state", status())
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    if heading("You are unsubscribed") != "You are unsubscribed":
        fail("after unsubscribing", heading())
    shot("unsubscribed")
    if status() != "unsubscribed":
        fail("unsubscribed in the store", status())
    print("OK")
finally:
    driver.quit()
