"""The partner shops' check page in a real browser (Debian's chromium, headless, through
chromedriver): a genuine, a revoked, an expired and a forged code each get the right verdict,
and the page asks the network for nothing."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.domain.application import Application
from desktop_app.domain.card_payload import CardPayload, Document, parse
from desktop_app.services import print_settings, registry_status
from desktop_app.services.card_signing import signer
from desktop_app.services.printing import card_data
from desktop_app.services.registration import register
from desktop_app.services.shop_check import last_written
from tests.conftest import ADMIN_PASSWORD
from tests.printing_helpers import supervisor_of

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                reason="chromium and chromium-driver are not installed")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run")
TODAY = date.today()  # the browser checks against its own clock


def person(admin, family: str) -> int:
    registrant_id = register(admin, Application(
        family_name=family, given_name="太郎", family_kana="ヨシダ", given_kana="タロウ",
        birth_date="1970-04-01", kind="furusato", tier="basic", postal_code="150-0001",
        address="1-2-3", phone="090-1111-2222"), today=TODAY)
    registry_status.approve(supervisor_of(admin), registrant_id, today=TODAY)
    return registrant_id


@pytest.fixture
def page(admin, db, db_path, tmp_path, monkeypatch):
    """The shop-check file as the CLI writes it, and one code of each kind."""
    genuine, revoked, lapsed = (person(admin, name) for name in ("𠮷田", "髙橋", "齋藤"))
    settings, sign = print_settings.load(db), signer(admin)
    codes = {name: card_data(settings, sign, db.registrants.get(i)).qr_payload
             for name, i in (("genuine", genuine), ("revoked", revoked))}
    registry_status.revoke(supervisor_of(admin), revoked, "転出")
    codes["expired"] = sign.sign(CardPayload(
        "042021", Document.CARD, db.registrants.get(lapsed)["card_code"],
        TODAY - timedelta(days=1), "FP"))
    body, _, signature = codes["genuine"].rpartition(".")
    later = re.sub(r"\.\d{8}\.", ".20991231.", body)
    codes["forged"] = f"{later}.{signature}"  # a later expiry under the old signature
    no_such_day = re.sub(r"\.\d{8}\.", ".20271340.", body)
    codes["no such day"] = f"{no_such_day}.{signature}"
    codes["not a code"] = "hello"
    monkeypatch.setenv("FUTASATO_CLERK", "admin")
    monkeypatch.setenv("FUTASATO_PASSWORD", ADMIN_PASSWORD)
    out = tmp_path / "shop-check.html"
    assert main(["--db", str(db_path), "keys", "verifier", "--out", str(out)]) == 0
    return out, codes


def started_chromium(profile: Path) -> tuple[subprocess.Popen, str]:
    """Chromium, headless, with its DevTools on the loopback address; the address it took.

    Chromium is started here rather than by chromedriver: chromedriver reaches a browser it
    started by the name `localhost`, which a bare machine with no /etc/hosts cannot resolve,
    while one it attaches to is reached at the address given."""
    browser = subprocess.Popen(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-address=127.0.0.1",
         "--remote-debugging-port=0", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    active = profile / "DevToolsActivePort"  # Chromium writes the port it took here
    deadline = time.monotonic() + 30
    while not (active.is_file() and active.read_text().strip()):
        if browser.poll() is not None or time.monotonic() > deadline:
            browser.kill()
            pytest.fail("chromium did not open its DevTools port")
        time.sleep(0.05)
    return browser, f"127.0.0.1:{active.read_text().split()[0]}"


@pytest.fixture
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.utils import is_url_connectable

    class LoopbackService(Service):
        """Selenium too reaches its driver by the name `localhost`."""

        @property
        def service_url(self) -> str:
            return f"http://127.0.0.1:{self.port}"

        def is_connectable(self) -> bool:
            return is_url_connectable(self.port, host="127.0.0.1")

    chromium, address = started_chromium(tmp_path / "profile")
    options = webdriver.ChromeOptions()
    options.debugger_address = address
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    try:
        driver = webdriver.Chrome(options=options,
                                  service=LoopbackService(executable_path=DRIVER))
    except BaseException:
        chromium.kill()
        raise
    yield driver
    driver.quit()
    chromium.kill()
    chromium.wait()


def requests(driver) -> list[str]:
    """Every URL the browser asked for since the last call, from its DevTools network events."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def verdict_of(driver, url: str) -> tuple[str, str, list[str]]:
    """The verdict, the page's text, and every URL requested while the page was open."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get("about:blank")  # a new fragment on the same page would not reload it
    requests(driver)
    driver.get(url)
    element = WebDriverWait(driver, 10).until(
        lambda d: d.find_element("id", "verdict") if d.find_element(
            "id", "verdict").get_attribute("data-outcome") else False)
    return element.text, driver.find_element("tag name", "main").text, requests(driver)


def test_each_code_gets_its_verdict_and_nothing_is_fetched(page, browser, db):
    out, codes = page
    expected = {"genuine": "有効", "revoked": "失効", "expired": "期限切れ", "forged": "偽造",
                "no such day": "偽造", "not a code": "偽造"}
    for name, word in expected.items():
        verdict, shown, asked = verdict_of(browser, f"{out.as_uri()}#{codes[name]}")
        assert verdict == word, name
        assert [url.partition("#")[0] for url in asked] == [out.as_uri()]  # itself, only
        assert "取消情報: 令和" in shown
        if name == "genuine":
            assert "𠮷田　太郎" in shown and "ふるさと住民（ベーシック）" in shown
            valid_until = parse(codes["genuine"])[0].valid_until
            assert f"{valid_until.month}月{valid_until.day}日" in shown
    assert last_written(db)["cardholders"] == 2  # the revoked one's name is not on file


def test_a_pasted_code_is_checked_too(page, browser):
    from selenium.webdriver.support.ui import WebDriverWait

    out, codes = page
    browser.get(out.as_uri())
    browser.find_element("id", "payload").send_keys(codes["revoked"].lower())
    browser.find_element("id", "check").click()
    WebDriverWait(browser, 10).until(
        lambda d: d.find_element("id", "verdict").get_attribute("data-outcome") == "revoked")
    assert browser.find_element("id", "verdict").text == "失効"


def test_the_page_may_not_fetch_and_the_network_log_would_see_it(page, browser, tmp_path):
    """The policy stops a request even a changed script would make; the same log that found
    none above does see a request from a page without that policy."""
    out, _codes = page
    html = out.read_text("utf-8")
    assert not re.search(r"https?://", html)
    browser.get(out.as_uri())
    requests(browser)
    blocked = browser.execute_async_script(
        "const done = arguments[0];"
        "fetch('http://127.0.0.1:9/probe').then(() => done('fetched'), () => done('blocked'));")
    assert blocked == "blocked" and requests(browser) == []
    probe = tmp_path / "probe.html"
    probe.write_text("<img src='http://127.0.0.1:9/probe.png'>", "utf-8")
    browser.get(probe.as_uri())
    assert "http://127.0.0.1:9/probe.png" in requests(browser)
