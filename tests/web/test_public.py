"""The public face without login: guide, catalogue, report archive, online application, tracking."""

from __future__ import annotations

import re
from datetime import date, datetime

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gongkai.report import codec
from gongkai.workbench import applications, statistics
from gongkai.workbench.intake import Channel
from gongkai.workbench.orm import (
    Agency,
    Application,
    AuditEntry,
    Publication,
    ReportDraft,
    ReportStatus,
    ReportVersion,
    User,
)
from gongkai.workbench.publishing import Attribute, Status
from tests.web.conftest import NOW, csrf_of

JY, MZ = "桐庐县教育局", "桐庐县民政局"
CODE = re.compile(r'id="tracking-code"[^>]*>([A-Z0-9]+)<')


def db(client: TestClient) -> Session:
    session: Session = client.app.state.factory()  # type: ignore[attr-defined]
    return session


def agency_id(client: TestClient, name: str) -> int:
    with db(client) as s:
        return int(s.scalar(select(Agency.id).where(Agency.name == name)) or 0)


def apply_form(client: TestClient, **over: str) -> dict[str, str]:
    token = csrf_of(client.get("/public/apply").text)
    data = {
        "csrf_token": token,
        "agency_id": str(agency_id(client, JY)),
        "applicant_type": "natural_person",
        "name": "章小明",
        "id_kind": "居民身份证",
        "id_number": "33012219900101123X",
        "phone": "13800001111",
        "email": "zhang@example.com",
        "address": "",
        "content": "申请公开本辖区2026年义务教育学校招生划片范围",
        "form": "电子",
        "delivery": "电子邮件",
        "website": "",
    }
    data.update(over)
    return data


def test_index_and_guide_need_no_login(client: TestClient) -> None:
    index = client.get("/public")
    assert index.status_code == 200
    assert MZ in index.text and JY in index.text
    mz = agency_id(client, MZ)
    assert f'href="/public/{mz}/catalogue"' in index.text
    assert f'href="/public/apply?agency={mz}"' in index.text
    guide = client.get(f"/public/{mz}/guide")
    assert guide.status_code == 200
    assert f"<h1>{MZ}政府信息公开指南</h1>" in guide.text
    for rule in ("20个工作日", "国办函〔2020〕109号", "行政复议", "行政诉讼", "双方确认之日"):
        assert rule in guide.text
    with db(client) as s:
        s.get(Agency, mz).guide = "本局地址：桐庐县<script>alert(1)</script>路1号\n办公时间：工作日"  # type: ignore[union-attr]
        s.commit()
    own = client.get(f"/public/{mz}/guide")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in own.text
    assert "<script>alert" not in own.text
    assert "<p>办公时间：工作日</p>" in own.text
    assert client.get("/public/9999/guide").status_code == 404


def test_catalogue_lists_only_published_documents_of_the_agency(client: TestClient) -> None:
    jy, mz = agency_id(client, JY), agency_id(client, MZ)
    with db(client) as s:
        published = s.scalars(
            select(Publication).where(
                Publication.agency_id == jy, Publication.status == Status.PUBLISHED
            )
        ).all()
        waiting = [
            Publication(
                agency_id=jy,
                index_no=f"003/D-{i}",
                title=f"审核中的公告{i}",
                summary="",
                body="",
                category="art20_01",
                attribute=Attribute.PROACTIVE,
                formed_on=date(2026, 3, 2),
                status=status,
            )
            for i, status in enumerate((Status.DRAFT, Status.FINAL_REVIEW, Status.REVOKED))
        ]
        s.add_all(waiting)
        withheld = Publication(
            agency_id=jy, index_no="003/W-1", title="不予公开的内部请示", summary="内部",
            body="秘密正文", category="art20_01", attribute=Attribute.WITHHELD,
            withheld_reason="过程性信息", formed_on=date(2026, 3, 2), status=Status.PUBLISHED,
            published_on=date(2026, 3, 3),
        )  # fmt: skip
        s.add(withheld)
        s.commit()
        other = s.scalars(
            select(Publication).where(
                Publication.agency_id == mz, Publication.status == Status.PUBLISHED
            )
        ).first()
        assert published and waiting and other is not None
        withheld_id, other_id = withheld.id, other.id
        waiting_ids = [p.id for p in waiting]
    page = client.get(f"/public/{jy}/catalogue")
    assert page.status_code == 200
    assert f"共 {len(published)} 条" in page.text
    for col in ("索引号", "名称", "内容概述", "生成日期"):
        assert f'<th scope="col">{col}</th>' in page.text
    assert published[0].index_no in page.text
    assert "不予公开的内部请示" not in page.text and "审核中的公告" not in page.text
    for pub in waiting:
        assert f'/catalogue/{pub.id}"' not in page.text
    shown = client.get(f"/public/{jy}/catalogue/{published[0].id}")
    assert shown.status_code == 200
    assert published[0].title in shown.text and published[0].index_no in shown.text
    # Unpublished, withheld, or another agency's document under this agency's address: not there.
    for hidden in (*waiting_ids, withheld_id, other_id):
        refused = client.get(f"/public/{jy}/catalogue/{hidden}")
        assert refused.status_code == 404
        assert "该信息不存在或未公开" in refused.text
    assert client.get(f"/public/{mz}/catalogue/{other_id}").status_code == 200


def test_catalogue_search_filter_and_pages(client: TestClient) -> None:
    jy = agency_id(client, JY)
    with db(client) as s:
        first = s.scalars(
            select(Publication)
            .where(Publication.agency_id == jy, Publication.status == Status.PUBLISHED)
            .order_by(Publication.id)
        ).first()
        assert first is not None
        for i in range(60):
            s.add(
                Publication(
                    agency_id=jy,
                    index_no=f"003/P-{i:03d}",
                    title=f"批量公告{i}",
                    summary="批量",
                    body="",
                    category="art20_02",
                    attribute=Attribute.PROACTIVE,
                    formed_on=date(2026, 1, 5),
                    status=Status.PUBLISHED,
                    published_on=date(2026, 1, 6),
                )
            )
        s.commit()
        index_no, title, category = first.index_no, first.title, first.category
    by_index = client.get(f"/public/{jy}/catalogue", params={"q": index_no})
    assert "共 1 条" in by_index.text and title in by_index.text
    by_cat = client.get(f"/public/{jy}/catalogue", params={"category": "art20_02"})
    assert "共 60 条，第 1/2 页" in by_cat.text
    assert by_cat.text.count("批量公告") == 50
    second = client.get(f"/public/{jy}/catalogue", params={"category": "art20_02", "page": 2})
    assert second.text.count("批量公告") == 10
    assert "下一页" not in second.text and "上一页" in second.text
    none = client.get(f"/public/{jy}/catalogue", params={"q": "没有这种信息%_"})
    assert "共 0 条" in none.text and "没有符合条件的已公开信息" in none.text
    assert client.get(f"/public/{jy}/catalogue", params={"category": category}).status_code == 200


def _publish_report(s: Session, agency: int, year: int) -> None:
    name = s.get(Agency, agency).name  # type: ignore[union-attr]
    report = statistics.build_report(s, name, [agency], year)
    draft = ReportDraft(agency_id=agency, year=year, narrative={}, status=ReportStatus.PUBLISHED)
    s.add(draft)
    s.flush()
    for seq, status in enumerate((ReportStatus.SUBMITTED, ReportStatus.PUBLISHED), 1):
        s.add(
            ReportVersion(
                draft_id=draft.id,
                seq=seq,
                status=status,
                report=codec.to_dict(report),
                at=datetime(2026, 1, 20 + seq, 9, tzinfo=NOW.tzinfo),
            )
        )
    s.commit()


def test_report_archive(client: TestClient) -> None:
    mz, jy = agency_id(client, MZ), agency_id(client, JY)
    empty = client.get(f"/public/{mz}/reports")
    assert empty.status_code == 200 and "尚未发布年度报告" in empty.text
    assert client.get(f"/public/{mz}/reports/2025").status_code == 404
    with db(client) as s:
        _publish_report(s, mz, 2024)
        _publish_report(s, mz, 2025)
    archive = client.get(f"/public/{mz}/reports")
    assert "尚未发布年度报告" not in archive.text
    assert archive.text.index(f"{MZ}2025年") < archive.text.index(f"{MZ}2024年")
    page = client.get(f"/public/{mz}/reports/2025")
    assert page.status_code == 200
    assert f"{MZ}2025年政府信息公开工作年度报告" in page.text
    assert "<table" in page.text and "本年新收" in page.text
    assert "<style" not in page.text and "style=" not in page.text
    html = client.get(f"/public/{mz}/reports/2025", params={"format": "html"})
    assert html.status_code == 200
    assert "attachment" in html.headers["content-disposition"]
    assert "<!DOCTYPE html>" in html.text
    # Another agency's archive does not show it.
    assert client.get(f"/public/{jy}/reports/2025").status_code == 404


def test_online_application_is_registered_and_tracked(client: TestClient) -> None:
    response = client.post("/public/apply", data=apply_form(client))
    assert response.status_code == 200, response.text
    found = CODE.search(response.text)
    assert found, response.text
    code = found.group(1)
    assert "查询码是查询本申请办理进度的唯一凭证" in response.text
    assert "双方确认之日" in response.text
    with db(client) as s:
        app = s.scalar(select(Application).where(Application.tracking_code == code))
        assert app is not None
        assert app.channel is Channel.ONLINE
        assert app.agency.name == JY
        assert app.applicant_name == "章小明"
        assert app.received_on == date(2026, 11, 23)
        assert "电子邮箱：zhang@example.com" in (app.applicant_contact or "")
        assert app.events[0].actor_id is None
        audit = s.scalar(
            select(AuditEntry).where(
                AuditEntry.entity == "application", AuditEntry.entity_id == app.id
            )
        )
        assert audit is not None and audit.actor_id is None
        clerk = s.scalar(select(User.id).where(User.login == "jy_jb"))
        other = s.scalar(select(User.id).where(User.login == "mz_jb"))
        assert applications.load(s, int(clerk or 0), app.id).number == app.number
        try:
            applications.load(s, int(other or 0), app.id)
            raise AssertionError("another agency's clerk saw the application")
        except applications.access.NotFound:
            pass
    token = csrf_of(client.get("/public/track").text)
    tracked = client.post("/public/track", data={"csrf_token": token, "code": code.lower()})
    assert tracked.status_code == 200
    assert "已登记收到" in tracked.text and "2026年12月21日" in tracked.text
    assert "登记申请" in tracked.text and JY in tracked.text
    assert "经办人" not in tracked.text  # no staff names or internal details
    wrong = client.post("/public/track", data={"csrf_token": token, "code": "AAAABBBBCCCC"})
    assert wrong.status_code == 404
    assert "未找到与该查询码对应的申请" in wrong.text
    assert "已登记收到" not in wrong.text


def test_tracking_guesses_are_limited_per_address(client: TestClient) -> None:
    token = csrf_of(client.get("/public/track").text)
    for _ in range(20):
        assert (
            client.post("/public/track", data={"csrf_token": token, "code": "X"}).status_code == 404
        )
    limited = client.post("/public/track", data={"csrf_token": token, "code": "X"})
    assert limited.status_code == 429
    assert "查询次数过多" in limited.text


def test_bad_submissions_are_refused_with_input_kept(client: TestClient) -> None:
    with db(client) as s:
        before = s.scalar(select(func.count()).select_from(Application))
    bad = client.post(
        "/public/apply",
        data=apply_form(client, id_number="12345", phone="", email="", content="我要"),
    )
    assert bad.status_code == 400
    assert "申请未提交" in bad.text
    assert "居民身份证号码应为18位" in bad.text
    assert "请至少填写一种联系方式" in bad.text
    assert "选择以电子邮件获取的，请填写电子邮箱" in bad.text
    assert 'value="章小明"' in bad.text and ">我要</textarea>" in bad.text
    robot = client.post("/public/apply", data=apply_form(client, website="http://spam"))
    assert robot.status_code == 400 and "提交未成功" in robot.text
    no_token = apply_form(client)
    no_token["csrf_token"] = "forged"
    assert client.post("/public/apply", data=no_token).status_code == 403
    with db(client) as s:
        assert s.scalar(select(func.count()).select_from(Application)) == before


def test_submissions_are_limited_per_address(client: TestClient) -> None:
    for _ in range(10):
        assert client.post("/public/apply", data=apply_form(client)).status_code == 200
    busy = client.post("/public/apply", data=apply_form(client))
    assert busy.status_code == 400
    assert "提交过于频繁" in busy.text
