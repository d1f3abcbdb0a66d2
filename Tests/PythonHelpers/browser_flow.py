#!/usr/bin/env python3
"""The sign-up flow in headless Chromium (selenium + chromedriver), against a running
`newsletter serve`: fill the form, read the confirmation email from the outbox, follow its
link, see the subscriber confirmed in the store, send a digest, change cadence, pause and
name on the preferences page the digest links, and unsubscribe from the digest's link. Prints "OK" and exits 0, or names the step that failed.

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

from chromium import heading as page_heading

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
    return stored("status")


def stored(column):
    with sqlite3.connect(os.path.join(work, "Subscribers", "newsletter.sqlite")) as db:
        row = db.execute("SELECT %s FROM subscriber WHERE email = ?" % column, (ADDRESS,)).fetchone()
        return row[0] if row else None


def shot(name):
    if shots:
        os.makedirs(shots, exist_ok=True)
        driver.save_screenshot(os.path.join(shots, name + ".png"))


def heading(expected=None):
    """The page's h1; with `expected`, waits (up to 30 s) for it."""
    return page_heading(driver, expected)


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
    for _ in range(4):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        active = driver.switch_to.active_element
        order.append(active.get_attribute("id") or active.tag_name)
    if order[:4] != ["email", "name", "cadence-weekly", "button"]:
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
    if heading("Confirm your subscription") != "Confirm your subscription":
        fail("confirm page with a button", heading())
    if status() != "pending":
        fail("still pending after following the link", status())
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
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
    plain = digest.get_body(preferencelist=("plain",)).get_content()

    # 4. The preferences page the footer links (in both parts): a GET changes nothing; the
    # form sets every post, a month's pause and a new name, then resumes.
    match = re.search(r'href="(' + re.escape(base) + r'/preferences/[A-Za-z0-9._-]+)"', html)
    if not match or match.group(1) not in plain:
        fail("preferences link in the digest")
    preferences = match.group(1)
    driver.get(preferences)
    if heading("Your preferences") != "Your preferences":
        fail("preferences page", heading())
    if not driver.find_element(By.ID, "cadence-weekly").is_selected():
        fail("the weekly cadence is not shown as chosen")
    shot("preferences")
    if (stored("cadence"), stored("paused_until")) != ("weekly", None):
        fail("a GET changed the preferences", (stored("cadence"), stored("paused_until")))
    driver.find_element(By.CSS_SELECTOR, "label[for=cadence-each], input#cadence-each").click()
    driver.find_element(By.ID, "pause-1m").click()
    name = driver.find_element(By.ID, "name")
    name.clear()
    name.send_keys("Maya P.")
    driver.find_element(By.CSS_SELECTOR, "button[value=save]").click()
    WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.ID, "saved")))
    if heading("Your preferences") != "Your preferences" or "You will hear from us again after" not in driver.find_element(By.ID, "saved").text:
        fail("after saving", driver.find_element(By.TAG_NAME, "main").text[:300])
    shot("preferences-saved")
    if stored("cadence") != "each" or stored("paused_until") is None or stored("name") != "Maya P.":
        fail("preferences in the store", (stored("cadence"), stored("paused_until"), stored("name")))
    driver.get(preferences)
    heading("Your preferences")
    if not driver.find_elements(By.ID, "paused-note") or not driver.find_element(By.ID, "cadence-each").is_selected():
        fail("the saved preferences are not shown")
    driver.find_element(By.ID, "pause-resume").click()
    driver.find_element(By.CSS_SELECTOR, "button[value=save]").click()
    WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.ID, "saved")))
    if stored("paused_until") is not None or stored("cadence") != "each":
        fail("resume in the store", (stored("cadence"), stored("paused_until")))

    # 5. The digest's unsubscribe link leads to a page with a button.
    # The link carries the issue (?issue=…&t=…) beside the token.
    match = re.search(r'href="(' + re.escape(base) + r'/unsubscribe/[A-Za-z0-9._-]+(?:\?[^"]*)?)"', html)
    if not match:
        fail("unsubscribe link in the digest")
    driver.get(match.group(1).replace("&amp;", "&"))
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
