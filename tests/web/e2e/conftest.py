"""End-to-end tests: the workbench served by uvicorn, driven by a real headless Chromium.

The server runs in a thread of the test process on a copy of the demo county with the clock at
`NOW`; the browser is Debian's chromium (installed by `make setup`), driven by Playwright. Each
test's last screen is saved as a PNG under `e2e-artifacts/` (GONGKAI_E2E_ARTIFACTS to change it),
and tests call `shot(page, name)` for the screens worth keeping along the way.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from gongkai.web import create_app
from gongkai.workbench.demo import DEMO_PASSWORD
from tests.web.conftest import NOW

ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = Path(os.environ.get("GONGKAI_E2E_ARTIFACTS", ROOT / "e2e-artifacts"))
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def live_server(demo_url: str) -> Iterator[str]:
    """The base URL of a workbench on a fresh copy of the demo county."""
    yield from _serve(demo_url)


@pytest.fixture
def oversight_server(oversight_demo_file: Path, tmp_path: Path) -> Iterator[str]:
    """The base URL of a workbench on a fresh copy of the demo county with its 督导 part."""
    copy = tmp_path / "gongkai.sqlite3"
    shutil.copyfile(oversight_demo_file, copy)
    yield from _serve(f"sqlite:///{copy}")


def _serve(url: str) -> Iterator[str]:
    app = create_app(url, clock=lambda: NOW)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start within 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    app.state.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is expected at {CHROMIUM}: run `make setup` (it installs chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    shot(tab, f"{request.node.name}-last")
    context.close()


def shot(page: Page, name: str) -> Path:
    """Save the whole page as e2e-artifacts/NAME.png (a test artifact CI keeps)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / (re.sub(r"[^\w.-]+", "_", name) + ".png")
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page: Page, base: str, login: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("登录名").fill(login)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r".*/(?!login).*"))
