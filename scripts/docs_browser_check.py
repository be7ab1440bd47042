"""Drives headless Chromium through /docs and /redoc of a tagifai server serving its own docs assets.

Usage: docs_browser_check.py BINARY ASSETS_DIR SCREENSHOT_DIR. Prints one PASS/FAIL line per check
and exits 1 if any failed. Chromium resolves no host but 127.0.0.1, and every request the pages
make is read from its performance log, so a page that reaches outside fails.
"""
import json
import os
import re
import sys
import tempfile

from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
from tagifai_tools.processes import stop_all  # noqa: E402
from tagifai_tools.server import Server  # noqa: E402

ROUTES = ["/", "/performance", "/args", "/args/{arg}", "/predict"]
TITLE = "TagIfAI - Made With ML"


def browser():
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1600", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]:
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def requested_urls(driver):
    """URLs the page sent requests for; requests the page's Content-Security-Policy blocked never left."""
    sent, blocked = {}, set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            sent[message["params"]["requestId"]] = message["params"]["request"]["url"]
        elif message["method"] == "Network.loadingFailed" and message["params"].get("blockedReason") == "csp":
            blocked.add(message["params"]["requestId"])
    return [url for request, url in sent.items() if request not in blocked]


def main():
    binary, assets, screenshots = sys.argv[1:]
    os.makedirs(screenshots, exist_ok=True)
    results = []

    def check(name, passed, detail=""):
        results.append(passed)
        print(f"{'PASS' if passed else 'FAIL'}  {name}" + (f": {detail}" if detail and not passed else ""))

    with tempfile.TemporaryDirectory(prefix="tagifai-docs-browser-") as folder:
        server = Server(Path(binary).resolve(), Path(folder), 1, [f"docs_assets={assets}"])
        base = f"http://127.0.0.1:{server.port}"
        driver = browser()
        try:
            wait = WebDriverWait(driver, 30)
            driver.get(base + "/docs")
            wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, ".opblock")))
            paths = [element.text.replace("\u200b", "") for element in
                     driver.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")]
            check("/docs lists every route", all(route in paths for route in ROUTES), f"saw {paths}")
            predict = driver.find_element(By.CSS_SELECTOR, ".opblock-post")
            predict.find_element(By.CSS_SELECTOR, ".opblock-summary").click()
            wait.until(lambda _: predict.find_elements(By.CSS_SELECTOR, ".try-out__btn"))
            predict.find_element(By.CSS_SELECTOR, ".try-out__btn").click()
            wait.until(lambda _: predict.find_elements(By.CSS_SELECTOR, ".execute"))
            predict.find_element(By.CSS_SELECTOR, ".execute").click()
            status = wait.until(lambda _: predict.find_elements(By.CSS_SELECTOR, ".live-responses-table tbody .response-col_status"))
            body = predict.find_element(By.CSS_SELECTOR, ".live-responses-table tbody .response-col_description").text
            tags = re.findall(r'"predicted_tag":\s*"([a-z-]+)"', body)
            check("Try it out on POST /predict answers 200 with a tag",
                  status[0].text.strip().startswith("200") and len(tags) > 0, f"status {status[0].text!r}, body {body[:300]!r}")
            driver.execute_script("arguments[0].scrollIntoView()", predict)
            driver.save_screenshot(os.path.join(screenshots, "docs.png"))
            docs_urls = requested_urls(driver)

            driver.get(base + "/redoc")
            wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "h1")))
            wait.until(lambda d: "/predict" in d.find_element(By.TAG_NAME, "body").text)
            text = driver.find_element(By.TAG_NAME, "body").text
            check("/redoc shows the API's title", TITLE in driver.find_element(By.TAG_NAME, "h1").text)
            check("/redoc shows the operations", all(route in text for route in ["/predict", "/performance", "/args/{arg}"]))
            driver.save_screenshot(os.path.join(screenshots, "redoc.png"))
            outside = [url for url in docs_urls + requested_urls(driver)
                       if not url.startswith((base + "/", "blob:" + base + "/", "data:"))]
            check("the pages request nothing outside the server", not outside, f"{outside[:5]}")
        finally:
            driver.quit()
            server.process.terminate()
            server.process.wait(timeout=40)
            stop_all()
    print(f"screenshots: {screenshots}/docs.png, {screenshots}/redoc.png")
    print(f"{results.count(True)} passed, {results.count(False)} failed")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
