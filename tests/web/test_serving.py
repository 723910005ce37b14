"""How pages are served: connections back in the pool before a page is sent, the worker settled.

The first test drives the ASGI app directly so that it can look at the connection pool at the
moment the answer starts: a page must not keep a pooled connection while a slow client reads it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import sign_in

ROW = re.compile(r'<th scope="row"><a href="/applications/(\d+)">([^<]+)</a>')
PAGES = (
    "/",  # 工作台, served on the event loop
    "/applications",  # the register, served on the event loop
    "/applications?q=%E5%BC%A0",  # a free-text search, sent to a worker thread
    "/applications/999999999",  # an error page, rendered after the route raised
    "/publications",  # a plain route in the thread pool
)


def _get(client: TestClient, path: str, cookie: str) -> tuple[int, int]:
    """The status of GET `path`, and how many connections were checked out when it started."""
    app = client.app
    pool = app.state.engine.pool  # type: ignore[attr-defined]
    raw_path, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": raw_path,
        "raw_path": raw_path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"cookie", cookie.encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }
    seen: list[tuple[int, int]] = []

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, object]) -> None:
        if message["type"] == "http.response.start":
            seen.append((int(message["status"]), pool.checkedout()))  # type: ignore[call-overload]

    # Through the client's own event loop: a test run may already have a loop in this thread.
    assert client.portal is not None
    client.portal.call(app, scope, receive, send)
    assert len(seen) == 1
    return seen[0]


@pytest.mark.parametrize("path", PAGES)
def test_the_connection_is_back_in_the_pool_before_the_page_is_sent(
    client: TestClient, path: str
) -> None:
    sign_in(client, "mz_jb")
    cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    status, checked_out = _get(client, path, cookie)
    assert status == (404 if path.startswith("/applications/9") else 200)
    assert checked_out == 0


def test_a_search_answers_like_the_register_whichever_way_it_is_served(
    client: TestClient,
) -> None:
    sign_in(client, "mz_jb")
    listed = client.get("/applications")
    first = ROW.search(listed.text)
    assert first, "the register shows no application"
    found = client.get("/applications", params={"q": first.group(2)})
    assert found.status_code == 200
    assert "共 1 件" in found.text
    assert ROW.findall(found.text) == [first.groups()]


def test_the_served_app_compiles_its_templates_and_freezes_the_heap(demo_url: str) -> None:
    """`gongkai serve`'s workers: every template compiled before the first request, the heap
    frozen so that a full collection does not walk the imported code (a 100 ms stall)."""
    probe = (
        "import gc\n"
        "from gongkai.web.app import app_from_env\n"
        "app = app_from_env()\n"
        "env = app.state.templates.env\n"
        "print(len(env.cache), len(env.list_templates(extensions=['html'])), gc.get_freeze_count())\n"
    )
    env = {**os.environ, "GONGKAI_DATABASE_URL": demo_url}
    done = subprocess.run(
        [sys.executable, "-c", probe],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    cached, templates, frozen = map(int, done.stdout.split())
    assert templates > 30 and cached >= templates
    assert frozen > 100_000
