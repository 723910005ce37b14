"""Letters through the services, on SQLite and PostgreSQL: one for every outcome and event with
its article and dates, refusals for letters the timeline does not support, administrators'
templates, permissions, faithful text, and DOCX/PDF output."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from gongkai.errors import GongkaiError
from gongkai.renderers import render_document
from gongkai.renderers.document import Document
from gongkai.workbench import applications as svc
from gongkai.workbench import letters
from gongkai.workbench.access import NotFound, PermissionDenied
from gongkai.workbench.applications import Applicant, Entry, NewApplication
from gongkai.workbench.intake import CHINA_TZ
from gongkai.workbench.letter_templates import LetterKind, TemplateProblem
from gongkai.workbench.letters import LetterError
from gongkai.workbench.lifecycle import DECISION_OUTCOMES
from gongkai.workbench.lifecycle import EventKind as E
from gongkai.workbench.orm import AuditEntry, LetterTemplate
from gongkai.workbench.store import session_factory, transaction
from tests.db.county import NOW, County, make_county

REMEDY = (
    "如对本答复不服，可以在收到本答复之日起60日内依法申请行政复议，"
    "或者在6个月内依法向人民法院提起行政诉讼。"
)
REG = "《中华人民共和国政府信息公开条例》"
# From domain.md 1.5: what each decision's 答复书 must cite.
ARTICLES: dict[str, str] = {
    "disclosed": f"{REG}第三十六条第（二）项",
    "partially_disclosed": f"{REG}第三十七条",
    "withheld_state_secret": f"{REG}第十四条",
    "withheld_prohibited_by_law": f"{REG}第十四条",
    "withheld_security_stability": f"{REG}第十四条",
    "withheld_third_party": f"{REG}第十五条",
    "withheld_internal_affairs": f"{REG}第十六条第一款",
    "withheld_process_info": f"{REG}第十六条第二款",
    "withheld_enforcement_files": f"{REG}第十六条第二款",
    "withheld_admin_query": f"{REG}第三十六条第（七）项",
    "unavailable_not_held": f"{REG}第三十六条第（四）项",
    "unavailable_needs_creation": f"{REG}第三十八条",
    "unavailable_unclear": f"{REG}第三十条",
    "rejected_petition": f"{REG}第三十九条第一款",
    "rejected_duplicate": f"{REG}第三十六条第（六）项",
    "rejected_publication": f"{REG}第三十九条第二款",
    "rejected_excessive": f"{REG}第三十五条",
    "rejected_confirmation": f"{REG}有关规定",
    "other_other": f"{REG}有关规定",
}


@pytest.fixture
def county(session: Session) -> County:
    return make_county(session)


@pytest.fixture
def run(engine: Engine) -> Callable[..., Any]:
    factory = session_factory(engine)

    def call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with transaction(factory) as s:
            return fn(s, *args, **kwargs)

    return call


def _register(
    run: Callable[..., Any], county: County, name: str = "张三", content: str = "2025年招生计划"
) -> int:
    new = NewApplication(
        Applicant("natural_person", name),
        "当面",
        datetime(2025, 9, 22, 10, tzinfo=CHINA_TZ),
        content,
    )
    return int(run(svc.register, county.id("clerk"), county.bureau.id, new, now=NOW).id)


def _steps(run: Callable[..., Any], county: County, app_id: int, *entries: Entry) -> None:
    for entry in entries:
        who = "reviewer" if entry.kind is E.EXTEND else "clerk"
        run(svc.record_step, county.id(who), app_id, entry, now=NOW)


def _text(run: Callable[..., Any], county: County, app_id: int, **kw: Any) -> str:
    doc = run(letters.letter, county.id("clerk"), app_id, now=NOW, **kw)
    return render_document(doc, "txt").decode("utf-8")


def test_every_decision_gets_a_reply_with_its_article_and_the_remedy(
    run: Callable[..., Any], county: County
) -> None:
    assert set(ARTICLES) == set(DECISION_OUTCOMES)
    for outcome in DECISION_OUTCOMES:
        app_id = _register(run, county)
        if outcome == "unavailable_unclear":
            _steps(
                run,
                county,
                app_id,
                Entry(E.REQUEST_CORRECTION, date(2025, 9, 23), details={"items": "写明名称"}),
                Entry(E.RECEIVE_CORRECTION, date(2025, 9, 26)),
            )
        _steps(run, county, app_id, Entry(E.DECIDE, date(2025, 9, 30), outcome=outcome))
        text = _text(run, county, app_id, kind="reply")
        assert text.startswith("政府信息公开申请答复书\n\n桐庐县教育局〔2025〕第"), outcome
        assert f"根据{ARTICLES[outcome]}" in text, outcome
        assert REMEDY in text, outcome
        assert text.rstrip().endswith("桐庐县教育局\n\n2025年9月30日"), outcome


def test_reply_variants_already_public_and_another_competent_agency(
    run: Callable[..., Any], county: County
) -> None:
    public = _register(run, county)
    details = {"already_public": True, "where": "桐庐县人民政府门户网站“政府信息公开”栏目"}
    _steps(run, county, public, Entry(E.DECIDE, date(2025, 9, 30), "disclosed", details=details))
    text = _text(run, county, public)
    assert f"根据{REG}第三十六条第（一）项" in text and "已经主动公开" in text
    assert "获取方式和途径：桐庐县人民政府门户网站" in text
    elsewhere = _register(run, county)
    details = {"competent_agency": "桐庐县民政局", "reason": "该信息由县民政局制作并保存"}
    _steps(
        run,
        county,
        elsewhere,
        Entry(E.DECIDE, date(2025, 9, 30), "unavailable_not_held", details=details),
    )
    text = _text(run, county, elsewhere)
    assert f"根据{REG}第三十六条第（五）项" in text
    assert "负责公开该政府信息的行政机关为桐庐县民政局" in text
    assert "该信息由县民政局制作并保存。" in text and REMEDY in text


def test_a_full_timeline_gives_each_event_its_letter_with_its_dates(
    run: Callable[..., Any], county: County, session: Session
) -> None:
    app_id = _register(run, county)
    items = "1. 请写明文件名称\n2. 请提供身份证明"
    _steps(
        run,
        county,
        app_id,
        Entry(
            E.REQUEST_CORRECTION,
            date(2025, 9, 24),
            details={"items": items, "correction_until": "2025-10-15"},
        ),
        Entry(E.RECEIVE_CORRECTION, date(2025, 9, 29)),
        Entry(E.CONSULT_THIRD_PARTY, date(2025, 10, 10), details={"party": "某某科技有限公司"}),
        Entry(E.END_CONSULTATION, date(2025, 10, 20)),
        Entry(E.EXTEND, date(2025, 11, 5), working_days=15, details={"approved_by": "李审核"}),
        Entry(E.DECIDE, date(2025, 11, 20), outcome="partially_disclosed"),
        Entry(E.SERVE, date(2025, 11, 21)),
    )
    offered = run(letters.letters_for, county.id("clerk"), app_id)
    assert [(a.kind, a.event_seq) for a in offered] == [
        (LetterKind.ACCEPTANCE, 1),
        (LetterKind.CORRECTION, 2),
        (LetterKind.CONSULTATION, 4),
        (LetterKind.EXTENSION, 6),
        (LetterKind.REPLY, 7),
    ]
    acceptance = _text(run, county, app_id, kind="acceptance")
    assert "本机关于2025年9月22日收到您通过当面提交方式" in acceptance
    assert "即2025年10月24日前予以答复" in acceptance  # 20 working days across 国庆
    assert acceptance.rstrip().endswith("2025年9月22日")
    correction = _text(run, county, app_id, kind=LetterKind.CORRECTION)
    assert "1．请写明文件名称\n\n2．请提供身份证明" in correction
    assert "请您于2025年10月15日前" in correction and "第三十条" in correction
    assert correction.rstrip().endswith("2025年9月24日")
    consultation = _text(run, county, app_id, kind="consultation")
    assert consultation.split("\n\n")[2] == "某某科技有限公司："
    assert "第三十二条" in consultation
    assert "至2025年10月30日" in consultation  # 15 working days, 11 Oct a make-up workday
    assert "张三" not in consultation  # the third party does not learn who asked
    extension = _text(run, county, app_id, event_seq=6)
    assert "答复期限延长15个工作日，由2025年11月12日延长至2025年12月3日" in extension
    assert "第三十三条第二款" in extension and extension.rstrip().endswith("2025年11月5日")
    reply = _text(run, county, app_id)  # the latest event with a letter
    assert f"根据{REG}第三十七条" in reply and reply.rstrip().endswith("2025年11月20日")


def test_fee_notice_and_closing_when_unpaid(run: Callable[..., Any], county: County) -> None:
    app_id = _register(run, county)
    _steps(
        run, county, app_id, Entry(E.ISSUE_FEE_NOTICE, date(2025, 9, 25), details={"pages": 100})
    )
    fee = _text(run, county, app_id, kind="fee")
    assert "政府信息公开信息处理费收费通知" in fee
    assert "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）" in fee
    assert "采用按量方式计收，共计700元" in fee
    assert "第31–100页：70页×10元＝700元" in fee
    # 20 working days after the notice: 28 Sep and 11 Oct are make-up workdays, 1–8 Oct off
    assert "20个工作日内（至2025年10月29日）" in fee
    with pytest.raises(GongkaiError, match="缴费期限"):
        _steps(run, county, app_id, Entry(E.FEE_EXPIRED, date(2025, 10, 29)))
    _steps(run, county, app_id, Entry(E.FEE_EXPIRED, date(2025, 10, 30)))
    closing = _text(run, county, app_id)
    assert closing.startswith("政府信息公开申请终止处理告知书")
    assert "本机关已于2025年9月25日向您发出信息处理费收费通知，缴费期限至2025年10月29日" in closing
    assert "根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定" in closing
    assert "视为放弃申请" in closing and REMEDY in closing


def test_closing_after_no_correction_and_after_withdrawal(
    run: Callable[..., Any], county: County
) -> None:
    lapsed = _register(run, county)
    _steps(
        run,
        county,
        lapsed,
        Entry(
            E.REQUEST_CORRECTION,
            date(2025, 9, 24),
            details={"items": "写明名称", "correction_until": "2025-10-15"},
        ),
        Entry(E.CORRECTION_EXPIRED, date(2025, 10, 16)),
    )
    text = _text(run, county, lapsed, kind="closing")
    assert "本机关已于2025年9月24日向您发出补正告知书，补正期限至2025年10月15日。" in text
    assert f"根据{REG}第三十条的规定，您无正当理由逾期未补正" in text and REMEDY in text
    withdrawn = _register(run, county)
    _steps(run, county, withdrawn, Entry(E.WITHDRAW, date(2025, 9, 26)))
    text = _text(run, county, withdrawn, kind="closing")
    assert "您已撤回该政府信息公开申请，本机关终止处理" in text
    assert "行政复议" not in text  # nothing was decided against the applicant


def test_letters_that_do_not_fit_the_timeline_are_refused(
    run: Callable[..., Any], county: County
) -> None:
    app_id = _register(run, county)

    def refused(**kw: Any) -> GongkaiError:
        with pytest.raises(GongkaiError) as caught:
            _text(run, county, app_id, **kw)
        assert caught.value.message and caught.value.hint
        return caught.value

    err = refused(kind="correction")
    assert isinstance(err, LetterError)
    assert err.message.endswith("尚无“要求补正”的办理记录，不能出具补正告知书。")
    assert "受理回执（第1条记录）" in err.hint
    assert "尚无“作出答复决定（或当场答复）”" in refused(kind="答复书").message
    assert "没有第9条办理记录" in refused(event_seq=9).message
    assert refused(kind="reply", event_seq=1).message == (
        "第1条办理记录是“登记申请”，对应受理回执，不能出具答复书。"
    )
    assert isinstance(refused(kind="notice"), TemplateProblem)
    _steps(
        run,
        county,
        app_id,
        Entry(E.DECIDE, date(2025, 9, 30), outcome="disclosed"),
        Entry(E.SERVE, date(2025, 10, 9)),
    )
    assert "第3条办理记录“送达”没有对应的文书" in refused(event_seq=3).message
    assert "第三十六条第（二）项" in _text(run, county, app_id, kind="reply")


def test_permissions_other_agency_sees_nothing_supervisor_cannot_issue(
    run: Callable[..., Any], county: County
) -> None:
    app_id = _register(run, county)
    with pytest.raises(NotFound, match="不存在或您无权查看"):
        run(letters.letter, county.id("other_clerk"), app_id, now=NOW)
    with pytest.raises(NotFound, match="不存在或您无权查看"):
        run(letters.letters_for, county.id("other_clerk"), app_id)
    with pytest.raises(PermissionDenied, match="没有“办理”权限"):
        run(letters.letter, county.id("supervisor"), app_id, now=NOW)
    assert len(run(letters.letters_for, county.id("supervisor"), app_id)) == 1
    doc = run(letters.letter, county.id("root"), app_id, now=NOW)
    assert doc.title == "政府信息公开申请受理回执"


def _counts(engine: Engine) -> tuple[int, int]:
    with Session(engine) as s:
        templates = s.scalar(select(func.count()).select_from(LetterTemplate))
        audits = s.scalar(select(func.count()).select_from(AuditEntry))
        return int(templates or 0), int(audits or 0)


def test_administrators_templates_are_used_and_bad_ones_refused(
    run: Callable[..., Any], county: County, engine: Engine
) -> None:
    mine = _register(run, county)
    _steps(run, county, mine, Entry(E.DECIDE, date(2025, 9, 30), outcome="withheld_third_party"))
    admin, root, bureau = county.id("admin"), county.id("root"), county.bureau.id
    custom = "本局答复书\n\n{{ applicant }}同志：\n\n{{ decision }}\n\n{{ remedy }}\n"
    row = run(letters.set_template, admin, "reply", custom, agency_id=bureau, now=NOW)
    assert row.version == 1
    text = _text(run, county, mine, kind="reply")
    assert text.startswith("本局答复书") and "张三同志：" in text
    assert f"根据{REG}第十五条" in text and REMEDY in text
    with Session(engine) as s:
        source = letters.template_for(s, bureau, "reply")
        assert (source.origin, source.body) == ("agency", custom)
        assert letters.template_for(s, county.other.id, "reply").origin == "default"
    before = _counts(engine)
    bad = [
        (admin, "答复书\n\n{{ applicant }}：\n\n{% if remedy %}\n", bureau, TemplateProblem, "第"),
        (
            admin,
            "答复书\n\n{{ applicant }}：\n{{ fee_amount }}\n",
            bureau,
            TemplateProblem,
            "第4行",
        ),
        (county.id("clerk"), custom, bureau, PermissionDenied, "没有“管理”权限"),
        (admin, custom, None, PermissionDenied, "没有“系统管理”权限"),
        (admin, custom, county.other.id, PermissionDenied, "其他机关"),
    ]
    for who, body, agency, exc, words in bad:
        with pytest.raises(exc) as caught:
            run(letters.set_template, who, "reply", body, agency_id=agency, now=NOW)
        assert words in caught.value.message
        assert _counts(engine) == before, "a refused template must write nothing"
    unknown = "答复书\n\n{{ applicant }}：\n{{ fee_amount }}\n"
    with pytest.raises(TemplateProblem) as caught:
        run(letters.set_template, admin, "reply", unknown, agency_id=bureau, now=NOW)
    assert "“fee_amount”" in caught.value.message and "decision（" in caught.value.hint
    # a system-wide template reaches agencies without their own; the bureau's own still wins
    system = "系统答复书\n\n{{ applicant }}：\n\n{{ citation }}。\n"
    run(letters.set_template, root, LetterKind.REPLY, system, now=NOW)
    with Session(engine) as s:
        assert letters.template_for(s, county.other.id, "reply").origin == "system"
        assert letters.template_for(s, bureau, "reply").origin == "agency"
    run(letters.reset_template, admin, "reply", agency_id=bureau, now=NOW)
    assert _text(run, county, mine, kind="reply").startswith("系统答复书")
    with pytest.raises(LetterError, match="没有自定义内容"):
        run(letters.reset_template, admin, "reply", agency_id=bureau, now=NOW)
    row = run(letters.set_template, admin, "reply", custom, agency_id=bureau, now=NOW)
    assert row.version == 3 and row.archived_at is None  # the same row, restored
    with Session(engine) as s:
        actions = s.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.entity == "letter_template")
            .order_by(AuditEntry.id)
        ).all()
        assert [a.value for a in actions] == ["create", "create", "archive", "restore"]


def test_applicant_text_comes_out_faithfully_also_in_docx_and_pdf(
    run: Callable[..., Any], county: County
) -> None:
    app_id = _register(
        run, county, name="<script>alert(1)</script>", content="招生\x07计划 & <b>范围</b>\x1b"
    )
    _steps(run, county, app_id, Entry(E.DECIDE, date(2025, 9, 30), outcome="withheld_state_secret"))
    doc: Document = run(letters.letter, county.id("clerk"), app_id, "reply", now=NOW)
    assert doc.kind == "letter" and doc.subtitle == "桐庐县教育局〔2025〕第1号 依申请公开"
    assert [b.style for b in doc.blocks[:1]] == ["addressee"]  # type: ignore[union-attr]
    assert [b.style for b in doc.blocks[-2:]] == ["signature", "signature"]  # type: ignore[union-attr]
    md = render_document(doc, "md").decode("utf-8")
    assert "\\<script\\>alert(1)\\</script\\>：" in md  # escaped: shown as written, never run
    md = render_document(doc, "txt").decode("utf-8")
    assert "<script>alert(1)</script>：" in md
    assert "“招生计划 & <b>范围</b>”" in md and "\x07" not in md and "\x1b" not in md

    import docx
    import pypdfium2

    word = docx.Document(io.BytesIO(render_document(doc, "docx")))
    paragraphs = [p.text for p in word.paragraphs]
    assert "<script>alert(1)</script>：" in paragraphs
    (addressee,) = [p for p in word.paragraphs if p.text == "<script>alert(1)</script>："]
    assert addressee.style is not None and addressee.style.name == "Salutation"
    assert addressee.style.paragraph_format.first_line_indent == 0  # flush left, not 首行缩进
    assert any(f"根据{REG}第十四条" in p for p in paragraphs)
    pdf = pypdfium2.PdfDocument(render_document(doc, "pdf"))
    try:
        text = "".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    assert "第十四条" in text.replace("\r", "").replace("\n", "")
    assert "桐庐县教育局" in text
