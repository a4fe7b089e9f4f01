#!/usr/bin/env python3
"""Opens a rendered runbook site in headless Chromium, as a person would, and checks it.

Usage: check_site.py SITE_DIR EXPECTATIONS.json [SCREENSHOT_DIR]

EXPECTATIONS.json: {"index": "index.html", "runbooks": [{"page": "migrations/x/runbook.html",
"steps": 5, "recorded": ["signer recorded in the GitOps repository", ...], "approved": "text of
the index's sign-off cell"}, ...]}. Prints one line per check and exits 1 on the first failed page, with every
problem found on it; exits 2 when Chromium or Selenium cannot start.
"""
import json
import os
import signal
import sys
from urllib.parse import unquote, urldefrag, urljoin, urlparse

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
except ImportError as error:
    print(f"check_site: selenium is missing ({error}); run scripts/setup-tests.sh", file=sys.stderr)
    sys.exit(2)

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def start_browser(javascript=True):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,1000", "--allow-file-access-from-files"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


class Page:
    def __init__(self, driver, path):
        self.driver = driver
        self.path = path
        self.url = "file://" + path
        self.problems = []

    def expect(self, condition, message):
        if not condition:
            self.problems.append(message)
        return condition

    def console_errors(self):
        return [entry["message"] for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE"]


def check_links(page, site_root):
    """Every relative link, stylesheet and script resolves to a file inside the site; every
    fragment names an element on its page."""
    driver = page.driver
    references = driver.execute_script(
        "return Array.from(document.querySelectorAll('a[href], link[href], script[src]'))"
        ".map(e => e.hasAttribute('href') ? e.getAttribute('href') : e.getAttribute('src'))")
    ids = set(driver.execute_script("return Array.from(document.querySelectorAll('[id]')).map(e => e.id)"))
    for reference in references:
        scheme = urlparse(reference).scheme
        if scheme in ("http", "https"):
            continue
        page.expect(scheme == "", f"link {reference!r} is not relative")
        target, fragment = urldefrag(urljoin(page.url, reference))
        target_path = unquote(urlparse(target).path)
        if reference.startswith("#"):
            page.expect(fragment in ids, f"fragment {reference!r} names no element")
            continue
        page.expect(os.path.realpath(target_path).startswith(os.path.realpath(site_root)),
                    f"link {reference!r} leaves the site")
        page.expect(os.path.isfile(target_path), f"link {reference!r} resolves to nothing ({target_path})")
    return len(references)


def check_runbook(driver, site_root, expectation, screenshots):
    page = Page(driver, os.path.join(site_root, expectation["page"]))
    driver.get(page.url)
    driver.execute_script("window.localStorage.clear()")
    driver.get(page.url)

    svg = driver.find_element(By.CSS_SELECTOR, "svg.timeline")
    page.expect(svg.is_displayed() and svg.size["width"] > 300 and svg.size["height"] > 80,
                f"timeline SVG not visible (size {svg.size})")
    steps = driver.find_elements(By.CSS_SELECTOR, "svg.timeline g.step")
    page.expect(len(steps) == expectation["steps"], f"timeline shows {len(steps)} steps, spec has {expectation['steps']}")
    weights = [step.get_attribute("data-weight") for step in steps]
    page.expect(weights[-1:] == ["100"], f"timeline does not end at 100%: {weights}")

    # Approvals recorded in the GitOps repository render at their sign-off, visibly.
    for signer in expectation.get("recorded", []):
        shown = [e for e in driver.find_elements(By.CSS_SELECTOR, ".signoffs-recorded li.current") if signer in e.text]
        if page.expect(shown, f"the recorded sign-off of {signer} is not on the page"):
            driver.execute_script("arguments[0].scrollIntoView()", shown[0])
            page.expect(shown[0].is_displayed(), f"the recorded sign-off of {signer} is hidden")

    # A tick and a sign-off survive a reload.
    box = driver.find_element(By.CSS_SELECTOR, "input[data-check]")
    box_id = box.get_attribute("data-check")
    driver.execute_script("arguments[0].scrollIntoView()", box)
    box.click()
    signoff = driver.find_element(By.CSS_SELECTOR, ".signoff")
    signoff_id = signoff.get_attribute("data-signoff")
    name = signoff.find_element(By.CSS_SELECTOR, ".signoff-name")
    name.clear()
    name.send_keys("Ada Operator")
    signoff.find_element(By.CSS_SELECTOR, ".signoff-sign").click()
    driver.refresh()
    page.expect(driver.find_element(By.ID, box_id).is_selected(), "a ticked checkpoint was lost on reload")
    note = driver.find_element(By.CSS_SELECTOR, f'[data-ticked-for="{box_id}"]').text
    page.expect(note.startswith("ticked "), f"the tick shows no time: {note!r}")
    records = driver.find_elements(By.CSS_SELECTOR, f'.signoff[data-signoff="{signoff_id}"] .signoff-records li.current')
    page.expect(len(records) == 1 and "Ada Operator" in records[0].text, "the sign-off was lost on reload")

    # The ticks and sign-offs of this browser export as text for the ticket.
    driver.find_element(By.ID, "export-ticks").click()
    exported = driver.find_element(By.ID, "export-text")
    text = exported.get_attribute("value")
    label = driver.find_element(By.CSS_SELECTOR, f'label[for="{box_id}"]').text.strip()
    page.expect(exported.is_displayed(), "the exported text is not shown")
    page.expect(f"[x] {label}" in text, f"the export misses the tick of {label!r}: {text!r}")
    page.expect("Ada Operator" in text and signoff_id in text, f"the export misses the sign-off: {text!r}")
    page.expect(driver.execute_script("return document.body.dataset.artifactsDigest") in text, "the export names no digest")

    # Files changed since the sign-off: it stays visible but no longer applies.
    driver.execute_script(
        "const key = 'glidepath:' + document.body.dataset.migration + ':signoffs';"
        "const all = JSON.parse(localStorage.getItem(key));"
        "for (const id in all) { all[id].forEach(r => { r.digest = 'f'.repeat(64); }); }"
        "localStorage.setItem(key, JSON.stringify(all));")
    driver.refresh()
    stale = driver.find_elements(By.CSS_SELECTOR, f'.signoff[data-signoff="{signoff_id}"] .signoff-records li.stale')
    page.expect(len(stale) == 1 and "no longer applies" in stale[0].text, "a sign-off for other files still looks valid")

    # Ticks of an earlier spec are not inherited, and the page says so.
    driver.execute_script(
        "const ticks = 'glidepath:' + document.body.dataset.migration + ':ticks:';"
        "for (const key of Object.keys(localStorage)) { if (key.startsWith(ticks)) {"
        "  localStorage.setItem(ticks + 'an-earlier-spec', localStorage.getItem(key)); localStorage.removeItem(key); } }")
    driver.refresh()
    page.expect(not driver.find_element(By.ID, box_id).is_selected(), "a tick from an earlier spec was inherited")
    notice = driver.find_element(By.ID, "stale-notice")
    page.expect(notice.is_displayed() and "earlier version" in notice.text, "no notice about ticks of an earlier spec")

    # Print media hides the interactive-only parts and shows the paper sign-off lines.
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    interactive = driver.find_elements(By.CSS_SELECTOR, ".interactive")
    page.expect(len(interactive) > 0, "no interactive-only parts found")
    shown = [e.get_attribute("class") for e in interactive if e.is_displayed()]
    page.expect(not shown, f"interactive parts still show in print: {shown[:3]}")
    page.expect(all(e.is_displayed() for e in driver.find_elements(By.CSS_SELECTOR, ".signoff .print-only")),
                "paper sign-off lines missing in print")
    page.expect(not driver.find_element(By.CSS_SELECTOR, "nav.toc").is_displayed(), "contents shows in print")
    page.expect(driver.find_element(By.CSS_SELECTOR, "svg.timeline").is_displayed(), "timeline hidden in print")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    check_printed_pages(page, driver)

    # Dark mode: dark page, light chart text.
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    background = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    label = driver.execute_script("return getComputedStyle(document.querySelector('svg.timeline .axis-label')).fill")
    page.expect(luminance(background) < 0.2, f"dark mode background is {background}")
    page.expect(luminance(label) > 0.6, f"dark mode chart text is {label}")
    if screenshots:
        full_page_screenshot(driver, os.path.join(screenshots, slug(expectation["page"]) + "-dark.png"))
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})

    page.expect(driver.execute_script("return typeof window.pwned") == "undefined",
                "a value from the spec ran as script (window.pwned is set)")
    count = check_links(page, site_root)
    if screenshots:
        driver.execute_script("window.localStorage.clear()")
        driver.refresh()
        full_page_screenshot(driver, os.path.join(screenshots, slug(expectation["page"]) + ".png"))
    errors = page.console_errors()
    page.expect(not errors, f"console errors: {errors}")
    return page, f"{len(steps)} steps, {count} links"


def check_printed_pages(page, driver):
    """Printed on A4 by Chromium itself: no page ends on a heading (the heading would sit alone
    at the bottom with its content on the next sheet)."""
    try:
        from pypdf import PdfReader
        from selenium.webdriver.common.print_page_options import PrintOptions
    except ImportError as error:
        page.expect(False, f"pypdf is missing ({error}); run scripts/setup-tests.sh")
        return
    import base64
    import io
    headings = {e.get_attribute("textContent").strip() for e in driver.find_elements(By.CSS_SELECTOR, "main h2, main h3, main h4")}
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    pdf = PdfReader(io.BytesIO(base64.b64decode(driver.print_page(options))))
    page.expect(len(pdf.pages) > 1, "the runbook prints on one page")
    for number, sheet in enumerate(pdf.pages[:-1], start=1):
        lines = [line.strip() for line in (sheet.extract_text() or "").splitlines() if line.strip()]
        if lines:
            page.expect(lines[-1] not in headings, f"printed page {number} ends on the heading {lines[-1]!r}")


def check_without_javascript(site_root, expectation):
    driver = start_browser(javascript=False)
    try:
        page = Page(driver, os.path.join(site_root, expectation["page"]))
        driver.get(page.url)
        page.expect(driver.find_element(By.CSS_SELECTOR, "svg.timeline").is_displayed(), "no timeline without JavaScript")
        page.expect(driver.find_element(By.CSS_SELECTOR, ".checkpoint").is_displayed(), "no checkpoints without JavaScript")
        page.expect(driver.find_element(By.CSS_SELECTOR, "#rollback").is_displayed(), "no rollback section without JavaScript")
        page.expect(not any(e.is_displayed() for e in driver.find_elements(By.CSS_SELECTOR, ".interactive")),
                    "controls that need JavaScript show without it")
        page.expect("print this page" in driver.find_element(By.TAG_NAME, "body").text, "no word on working without JavaScript")
        return page
    finally:
        driver.quit()


def check_index(driver, site_root, index, expectations):
    page = Page(driver, os.path.join(site_root, index))
    driver.get(page.url)
    rows = driver.find_elements(By.CSS_SELECTOR, "table.index tr.migration")
    page.expect(len(rows) == len(expectations), f"index lists {len(rows)} migrations, expected {len(expectations)}")
    cells = " | ".join(cell.text for cell in driver.find_elements(By.CSS_SELECTOR, "table.index td.approvals"))
    for expectation in expectations:
        if "approved" in expectation:
            page.expect(expectation["approved"] in cells, f"the index does not show {expectation['approved']!r}: {cells!r}")
    check_links(page, site_root)
    errors = page.console_errors()
    page.expect(not errors, f"console errors: {errors}")
    return page


def luminance(css_color):
    digits = [float(part) for part in css_color[css_color.index("(") + 1:css_color.index(")")].split(",")[:3]]
    return (0.2126 * digits[0] + 0.7152 * digits[1] + 0.0722 * digits[2]) / 255


def slug(path):
    return path.replace("/", "_").replace(".html", "")


def full_page_screenshot(driver, path):
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(height, 800), 16000))
    driver.save_screenshot(path)
    driver.set_window_size(1280, 1000)


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    site_root = os.path.realpath(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as handle:
        expectations = json.load(handle)
    screenshots = sys.argv[3] if len(sys.argv) > 3 else None
    signal.alarm(300)  # never hang a test run
    try:
        driver = start_browser()
    except Exception as error:  # the message says what is missing
        print(f"check_site: cannot start Chromium: {error}", file=sys.stderr)
        return 2
    failed = False
    try:
        pages = [check_index(driver, site_root, expectations["index"], expectations["runbooks"])]
        for expectation in expectations["runbooks"]:
            page, summary = check_runbook(driver, site_root, expectation, screenshots)
            print(f"checked {expectation['page']}: {summary}")
            pages.append(page)
            pages.append(check_without_javascript(site_root, expectation))
        for page in pages:
            for problem in page.problems:
                failed = True
                print(f"FAIL {page.path}: {problem}")
        if not failed:
            print(f"ok: {len(expectations['runbooks'])} runbooks and the index")
    finally:
        driver.quit()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
