"""The web workbench in-process: a demo county built once per run, copied for every test.

`client` is a TestClient on a fresh copy of the demo database, with the clock fixed at `NOW`, so
that due dates and counters are the same on every run. `sign_in(client, login)` signs a demo user
in with the demo password and returns the CSRF token of the session.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gongkai.db.engine import make_engine, migrate
from gongkai.web import create_app
from gongkai.workbench.demo import DEMO_PASSWORD, build_demo
from gongkai.workbench.intake import CHINA_TZ

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=CHINA_TZ)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo county (about 500 applications over four years), built once."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    url = f"sqlite:///{path}"
    migrate(url)
    engine = make_engine(url)
    try:
        build_demo(engine, now=NOW)
    finally:
        engine.dispose()
    return path


@pytest.fixture(scope="session")
def oversight_demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo county with its 督导 part: last years' reports in the workflow and townships'
    uploaded files (what `make run` shows), built once."""
    path = tmp_path_factory.mktemp("demo-oversight") / "demo.sqlite3"
    url = f"sqlite:///{path}"
    migrate(url)
    engine = make_engine(url)
    try:
        build_demo(engine, now=NOW, oversight=True)
    finally:
        engine.dispose()
    return path


@pytest.fixture
def oversight_client(oversight_demo_file: Path, tmp_path: Path) -> Iterator[TestClient]:
    copy = tmp_path / "gongkai.sqlite3"
    shutil.copyfile(oversight_demo_file, copy)
    app = create_app(f"sqlite:///{copy}", clock=lambda: NOW)
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as test_client:
        yield test_client
    app.state.engine.dispose()


@pytest.fixture
def demo_url(demo_file: Path, tmp_path: Path) -> str:
    copy = tmp_path / "gongkai.sqlite3"
    shutil.copyfile(demo_file, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def client(demo_url: str) -> Iterator[TestClient]:
    app = create_app(demo_url, clock=lambda: NOW)
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as test_client:
        yield test_client
    app.state.engine.dispose()


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def sign_in(client: TestClient, login: str, password: str = DEMO_PASSWORD) -> str:
    """Sign `login` in; returns the session's CSRF token for later form posts."""
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"login": login, "password": password, "csrf_token": csrf_of(page.text), "next": "/"},
    )
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/account/password").text)
