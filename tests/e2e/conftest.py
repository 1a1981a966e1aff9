"""Browser tests in real headless Chromium (Debian's /usr/bin/chromium) against pytest-django's live server.

Playwright's sync API runs in the test thread (it runs an event loop there, hence
DJANGO_ALLOW_ASYNC_UNSAFE); the live server answers from its own thread, so the tests use
``django_db(transaction=True)``. Without Chromium the tests are skipped with the reason —
except when CI=true, where a missing browser is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("THEODOI_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 860}


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """Chromium, for one test module. Not for the session: Playwright's sync API keeps an asyncio
    loop running in the process while it is open, and a later module's ``asyncio.run`` (pyHanko's
    signing) in the same test process would then fail."""
    if not Path(CHROMIUM).exists():
        _unavailable(f"Chromium not found at {CHROMIUM}: install Debian's chromium to run the browser tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()



@pytest.fixture
def new_page(browser):
    """``new_page(size, phone)`` → a page in a fresh context (own cookies) of that viewport size.
    ``axe=True`` lets axe-core be injected (``bypass_csp``, tests/e2e/a11y.py); ``downloads=True``
    accepts downloads; ``timeout`` in ms; ``signed_in_as`` another page opens this one in that page's
    session (its cookies: no second sign-in, and what the session holds, such as a staged upload)."""
    contexts = []

    def _new(size=DESKTOP, phone: bool = False, *, axe: bool = False, downloads: bool = False,
             timeout: int = 15000, signed_in_as=None):
        state = signed_in_as.context.storage_state() if signed_in_as is not None else None
        ctx = browser.new_context(viewport=size, locale="vi-VN", is_mobile=phone, has_touch=phone,
                                  timezone_id="Asia/Ho_Chi_Minh", bypass_csp=axe, accept_downloads=downloads,
                                  storage_state=state)
        ctx.set_default_timeout(timeout)
        contexts.append(ctx)
        return ctx.new_page()

    yield _new
    for ctx in contexts:
        ctx.close()


def screenshots_wanted() -> bool:
    """Full-page screenshots are for people to look at (``make test`` writes them under
    test-artifacts/): under CI (``CI=true``), where nobody does, they are skipped unless
    ``THEODOI_SCREENSHOTS=1`` asks for them; they were a sixth of the browser tests' CPU. What a
    test checks on the page (its width, axe-core, the elements' own screenshots) runs either way."""
    if os.environ.get("THEODOI_SCREENSHOTS"):
        return os.environ["THEODOI_SCREENSHOTS"] not in ("0", "false", "no")
    return os.environ.get("CI", "").lower() != "true"


def full_page_shot(page, path: Path) -> Path:
    """``page`` as a full-page PNG at ``path`` (when :func:`screenshots_wanted`)."""
    if screenshots_wanted():
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def shot():
    """``shot(page, name)`` saves a full-page screenshot under test-artifacts/screenshots/."""
    SHOTS.mkdir(parents=True, exist_ok=True)

    def _shot(page, name: str) -> Path:
        return full_page_shot(page, SHOTS / f"{name}.png")

    return _shot


def sign_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_load_state()
    second_step(page, username)
    assert "/login/" not in page.url, f"sign-in failed for {username}: {page.content()[:500]}"


def second_step(page, username: str) -> None:
    """Administrators and leaders give an authenticator code after the password: set the app up from
    the key on the page the first time, later type the code of the key kept for that user."""
    import pyotp

    if "/account/second-factor/" in page.url:
        secret = page.locator("code.secret").inner_text().replace(" ", "")
        _SECRETS[username] = secret
        page.fill("#id_code", pyotp.TOTP(secret).now())
        page.locator("form.stack button[type=submit]").click()
        page.wait_for_load_state()
        page.locator("a.btn").click()  # past the recovery codes
        page.wait_for_load_state()
    elif "/login/code/" in page.url:
        from theodoi.tenancy.models import SecondFactor

        SecondFactor.objects.filter(user__username=username).update(last_step=0)  # a new step, as in 30 s
        page.fill("#id_code", pyotp.TOTP(_SECRETS[username]).now())
        page.locator("form.stack button[type=submit]").click()
        page.wait_for_load_state()


_SECRETS: dict[str, str] = {}


def fits_width(page) -> bool:
    """No horizontal scrolling: the page is usable on the viewport it was opened in."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
