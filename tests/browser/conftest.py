"""Headless Chromium through Playwright, using Debian's chromium (never a downloaded browser).

Without Chromium the browser tests are skipped with a clear reason, except where
REQUIRE_BROWSER=1 (CI), where its absence is a failure.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
# Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test
# itself are then flagged as async-unsafe although nothing runs concurrently.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium to run the browser tests"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


# Every page records Content-Security-Policy violations (the browser fires
# `securitypolicyviolation` on the document) and hands them to the test through an exposed
# function; Chromium's console message about a refused script or style is caught as well.
RECORD_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolation([event.violatedDirective, event.blockedURI, event.documentURI,
                         event.sourceFile + ":" + event.lineNumber, event.sample].join(" | "));
});
"""


class BrowserProblems:
    """What went wrong in the browser during one test: CSP violations and uncaught errors."""

    def __init__(self):
        self.violations = []
        self.page_errors = []
        self.console_errors = []

    def watch(self, context):
        context.expose_function("__cspViolation", self.record_violation)
        context.add_init_script(RECORD_CSP_VIOLATIONS)
        context.on("page", self.watch_page)

    def record_violation(self, text):
        self.violations.append(text)

    def watch_page(self, page):
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("console", self.console)

    def console(self, message):
        if message.type != "error":
            return
        text = f"{message.text} ({message.location.get('url', '')})"
        if "Content Security Policy" in message.text:
            self.violations.append(text)
        else:
            self.console_errors.append(text)

    def assert_none(self):
        lines = [f"CSP: {v}" for v in self.violations] + [f"JavaScript error: {e}" for e in self.page_errors]
        if lines and self.console_errors:
            lines += ["Other console errors:"] + self.console_errors
        assert not lines, "The browser reported problems:\n" + "\n".join(lines)


@pytest.fixture
def browser_problems():
    return BrowserProblems()


def open_context(browser, problems, **options):
    context = browser.new_context(locale="id-ID", **options)
    problems.watch(context)
    return context


@pytest.fixture
def page(browser, browser_problems):
    context = open_context(browser, browser_problems, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
    browser_problems.assert_none()


@pytest.fixture
def phone_page(browser, browser_problems):
    context = open_context(browser, browser_problems, viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
    browser_problems.assert_none()


@pytest.fixture(autouse=True)
def staff_without_second_factor(request, settings):
    """The journeys sign staff in through the login form and are about their work, not the
    second factor: they run with OTP_REQUIRED_FOR_STAFF off. The two-factor journey itself
    (test_two_factor_journey.py) is marked `otp` and keeps it on."""
    if request.node.get_closest_marker("otp") is None:
        settings.OTP_REQUIRED_FOR_STAFF = False


@pytest.fixture(autouse=True)
def site_url_is_the_live_server(request, settings):
    """Links in notices and emails are absolute, with SITE_URL (http://testserver in the test
    settings): in a journey they must point at the server the browser talks to."""
    if "live_server" in request.fixturenames:
        settings.SITE_URL = request.getfixturevalue("live_server").url
