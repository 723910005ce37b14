"""督导 · 检查发现: findings of held reports in one list; confirm, dismiss with a reason."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gongkai.renderers import render_report
from gongkai.workbench.orm import AuditEntry, FindingVerdict
from tests.builders import document, make_report, with_cells
from tests.web.conftest import sign_in


def upload_spoiled(client: TestClient, token: str) -> None:
    report = make_report(agency="桐庐县教育局", year=2025, document=document("桐庐县教育局", 2025))
    data = render_report(with_cells(report, {"applications.new[0]": 99}), "txt")
    answer = client.post(
        "/oversight/files",
        data={"csrf_token": token},
        files=[("files", ("jy.txt", data, "text/plain"))],
    )
    assert answer.status_code == 200, answer.text


def verdict_form(page: str, rule: str) -> dict[str, str]:
    """The hidden fields of the first verdict form on the row of `rule`."""
    row = page.split(f"<td>{rule}</td>", 1)[1].split("</tr>", 1)[0]
    fields = {}
    for name in ("agency", "year", "key", "back"):
        fields[name] = row.split(f'name="{name}" value="', 1)[1].split('"', 1)[0]
    return {k: v.replace("&amp;", "&").replace("&#34;", '"') for k, v in fields.items()}


def test_a_finding_is_listed_confirmed_then_dismissed_with_a_reason(client: TestClient) -> None:
    token = sign_in(client, "gkb")
    upload_spoiled(client, token)
    page = client.get("/oversight/findings", params={"year": 2025})
    assert page.status_code == 200
    assert "桐庐县教育局" in page.text and "年报文件 jy.txt" in page.text
    assert "<td>R10</td>" in page.text and "99" in page.text
    form = verdict_form(page.text, "R10")
    done = client.post(
        "/oversight/findings/verdict", data={**form, "csrf_token": token, "verdict": "confirmed"}
    )
    assert done.status_code == 303 and done.headers["location"].startswith("/oversight/findings")
    assert "确认问题</p>" in client.get("/oversight/findings", params={"year": 2025}).text
    refused = client.post(
        "/oversight/findings/verdict", data={**form, "csrf_token": token, "verdict": "dismissed"}
    )
    assert refused.status_code == 400 and "须说明理由" in refused.text
    reason = "原件另附更正说明"
    client.post(
        "/oversight/findings/verdict",
        data={**form, "csrf_token": token, "verdict": "dismissed", "reason": reason},
    )
    shown = client.get("/oversight/findings", params={"year": 2025, "verdict": "dismissed"}).text
    assert reason in shown and "<td>R10</td>" in shown
    still_open = client.get("/oversight/findings", params={"year": 2025, "verdict": "open"}).text
    assert form["key"] not in still_open.replace("&#34;", '"')
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        assert session.scalar(select(func.count()).select_from(FindingVerdict)) == 1
        entries = session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.entity == "finding_verdict")
        )
        assert entries == 2


def test_forged_findings_and_clerks_are_refused(client: TestClient) -> None:
    token = sign_in(client, "gkb")
    upload_spoiled(client, token)
    page = client.get("/oversight/findings", params={"year": 2025}).text
    form = verdict_form(page, "R10")
    forged = client.post(
        "/oversight/findings/verdict",
        data={**form, "key": "R99|made.up", "csrf_token": token, "verdict": "confirmed"},
    )
    assert forged.status_code == 404
    bad_year = client.get("/oversight/findings", params={"year": 1900})
    assert bad_year.status_code == 422 and "year" in bad_year.text  # the app's Chinese page
    client.post("/logout", data={"csrf_token": token})
    clerk = sign_in(client, "jy_jb")
    assert client.get("/oversight/findings").status_code == 403
    sent = client.post(
        "/oversight/findings/verdict", data={**form, "csrf_token": clerk, "verdict": "confirmed"}
    )
    assert sent.status_code == 403
