"""工作台: due lists, counters that match the database, 督办 for the offices above, reviews."""

from __future__ import annotations

import re
from datetime import date, datetime

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from gongkai.workbench import publications
from gongkai.workbench.orm import Application
from gongkai.workbench.publishing import Attribute, Step
from gongkai.workbench.store import session_factory, transaction
from gongkai.workbench.worklist import OPEN_STATES
from tests.web.conftest import NOW, sign_in
from tests.web.test_applications import MZ, agency_id, register, session, user_id

TODAY = date(2026, 11, 23)


def _card(html: str, label: str) -> int:
    found = re.search(r'<span class="value">(\d+)</span> (?:<a [^>]*>)?' + label, html)
    assert found, label
    return int(found.group(1))


def test_clerk_dashboard_counts_match_the_database(client: TestClient) -> None:
    soon = register(client, "mz_jb", datetime(2026, 10, 27, 9, 0), name="临期乙")  # due 11-24
    later = register(client, "mz_jb", datetime(2026, 10, 30, 9, 0), name="稍后丙")  # due 11-27
    late = register(client, "mz_jb", datetime(2026, 10, 9, 9, 0), name="逾期甲")
    sign_in(client, "mz_jb")
    page = client.get("/")
    assert page.status_code == 200
    html = page.text
    mz = agency_id(client, MZ)
    with session(client) as s:
        mine = (Application.agency_id == mz, Application.archived_at.is_(None))

        def count(*where: object) -> int:
            return int(s.scalar(select(func.count()).where(*mine, *where)) or 0)  # type: ignore[arg-type]

        received = count(
            Application.received_on >= date(2026, 1, 1),
            Application.received_on <= date(2026, 12, 31),
        )
        concluded = count(
            Application.concluded_on >= date(2026, 1, 1),
            Application.concluded_on <= date(2026, 12, 31),
        )
        open_now = count(Application.state.in_(OPEN_STATES))
        overdue = count(Application.state.in_(OPEN_STATES), Application.due_on < TODAY)
    assert _card(html, "本年收到申请") == received
    assert _card(html, "本年办结") == concluded
    assert _card(html, "正在办理") == open_now
    assert _card(html, "已超期未办结") == overdue >= 2  # the demo's own overdue case and 逾期甲
    sections = html.split("<caption>")
    overdue_part = next(p for p in sections if p.startswith("已超期未办结"))
    assert f'href="/applications/{late}"' in overdue_part and "badge overdue" in overdue_part
    three = next(p for p in sections if p.startswith("3个工作日内到期"))
    assert f'href="/applications/{soon}"' in three and "badge soon" in three
    five = next(p for p in sections if p.startswith("4至5个工作日内到期"))
    assert f'href="/applications/{later}"' in five
    assert "督办" not in html  # a clerk supervises nobody


def test_supervision_lists_overdue_across_visible_agencies(client: TestClient) -> None:
    late = register(client, "mz_jb", datetime(2026, 10, 9, 9, 0), name="逾期甲")
    sign_in(client, "gkb")
    html = client.get("/").text
    assert "督办：超期未办结的申请" in html
    assert f'href="/applications/{late}"' in html and MZ in html
    assert 'href="/applications?overdue=1"' in html
    client.cookies.clear()
    sign_in(client, "jy_gl")  # an agency admin of 教育局 sees only its own agency's
    html = client.get("/").text
    assert "督办" in html
    assert f'href="/applications/{late}"' not in html


def test_reviewer_sees_publications_waiting_for_review(client: TestClient) -> None:
    factory = session_factory(client.app.state.engine)  # type: ignore[attr-defined]
    clerk = user_id(client, "mz_jb")
    with transaction(factory) as s:
        pub = publications.draft(
            s,
            clerk,
            agency_id=agency_id(client, MZ),
            index_no="MZ-2026-TEST-1",
            title="2026年临时救助标准调整通知",
            category="art20_11",
            attribute=Attribute.PROACTIVE,
            formed_on=TODAY,
            now=NOW,
        )
        publications.review(s, clerk, pub.id, Step.SUBMIT, now=NOW)
        pub_id = pub.id
    sign_in(client, "mz_sh")
    html = client.get("/").text
    assert "待审核的主动公开信息" in html
    assert f'href="/publications/{pub_id}"' in html and "待初审" in html
    client.cookies.clear()
    sign_in(client, "mz_jb")
    assert "待审核的主动公开信息" not in client.get("/").text


def test_open_states_are_exactly_the_applications_without_a_conclusion_date(
    client: TestClient,
) -> None:
    """The lists read open applications by `concluded_on IS NULL` (partial indexes), the counters
    by state: both must name the same applications."""
    from sqlalchemy import select

    from gongkai.workbench.orm import Application
    from gongkai.workbench.worklist import OPEN_STATES

    with client.app.state.engine.connect() as conn:  # type: ignore[attr-defined]
        rows = conn.execute(select(Application.state, Application.concluded_on)).all()
    assert len(rows) > 400
    assert {s for s, _ in rows if s in OPEN_STATES} and {s for s, _ in rows if s not in OPEN_STATES}
    mismatched = [(s, c) for s, c in rows if (s in OPEN_STATES) != (c is None)]
    assert mismatched == []
