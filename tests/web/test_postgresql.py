"""The workbench's pages on PostgreSQL: the same demo county, the same answers as on SQLite.

The route tests run on SQLite (a copy of one demo file per test is cheap); this module builds
the demo county once on the test PostgreSQL server and walks the pages whose queries differ
most between the two databases: the dashboard (partial indexes, counts), the list with a
search (case-insensitive LIKE with escapes) and keyset paging, registering and a step, the
annual report computed live, the public catalogue and the audit log.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import psycopg
import pytest
from fastapi.testclient import TestClient

from gongkai.db.engine import make_engine, migrate
from gongkai.web import create_app
from gongkai.workbench.demo import build_demo
from tests.web.conftest import NOW, csrf_of, sign_in


@pytest.fixture(scope="module")
def pg_client(postgres_server: str) -> Iterator[TestClient]:
    with psycopg.connect(postgres_server.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("CREATE DATABASE web_demo")
    url = postgres_server.rsplit("/", 1)[0] + "/web_demo"
    migrate(url)
    engine = make_engine(url)
    try:
        build_demo(engine, now=NOW)
    finally:
        engine.dispose()
    app = create_app(url, clock=lambda: NOW)
    with TestClient(app, follow_redirects=False) as client:
        yield client
    app.state.engine.dispose()


def test_pages_on_postgresql(pg_client: TestClient) -> None:
    client = pg_client
    sign_in(client, "jy_jb")
    home = client.get("/")
    assert home.status_code == 200
    assert "年办理情况" in home.text
    listing = client.get("/applications")
    assert listing.status_code == 200
    numbers = re.findall(r'<a href="/applications/(\d+)">', listing.text)
    assert len(numbers) == 50
    second = client.get("/applications", params={"after": _cursor(listing.text)})
    assert second.status_code == 200
    assert set(re.findall(r'<a href="/applications/(\d+)">', second.text)).isdisjoint(numbers)
    assert client.get("/applications", params={"q": "100%_"}).status_code == 200

    form = client.get("/applications/new")
    created = client.post(
        "/applications/new",
        data={
            "csrf_token": csrf_of(form.text),
            "applicant_type": "natural_person",
            "applicant_name": "庞统",
            "channel": "in_person",
            "arrived_at": "2026-11-20T09:30",
            "content": "某某学校校舍改造项目招标文件",
        },
    )
    assert created.status_code == 303, created.text
    detail = client.get(created.headers["location"])
    assert "庞统" in detail.text
    found = client.get("/applications", params={"q": "庞统"})
    assert found.text.count("庞统") >= 1

    agency_id = client.get("/api/me").json()["agency_id"]
    report = client.get(f"/reports/{agency_id}/2026")
    assert report.status_code == 200
    assert 'id="cell-applications-new-6"' in report.text
    assert client.get(f"/public/{agency_id}/catalogue").status_code == 200
    client.cookies.clear()
    sign_in(client, "jy_gl")
    assert "庞统" in client.get("/admin/audit").text
    client.cookies.clear()
    sign_in(client, "gkb")
    assert client.get("/").status_code == 200
    assert client.get("/applications", params={"overdue": "1"}).status_code == 200


def _cursor(html: str) -> str:
    found = re.search(r"after=([0-9-]+_\d+)", html)
    assert found, "no next-page link"
    return found.group(1)
