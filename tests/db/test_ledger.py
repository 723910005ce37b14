"""Excel 台账 import, on SQLite and PostgreSQL: header variants, cell forms, dry runs, idempotent
reruns, bad rows reported where the user finds them, unreadable files refused whole, permissions,
and the imported history counted in table 三."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from gongkai.errors import GongkaiError
from gongkai.report import format as fmt
from gongkai.workbench import ledger
from gongkai.workbench.access import PermissionDenied
from gongkai.workbench.ledger import LedgerError, LedgerReport, import_ledger
from gongkai.workbench.ledger_columns import WITHDRAWN, result_of
from gongkai.workbench.lifecycle import State
from gongkai.workbench.orm import Agency, Application, ApplicationEvent
from gongkai.workbench.statistics import applications_table
from gongkai.workbench.store import session_factory, transaction
from tests.db.county import NOW, County, make_county

SHEET = "2024年台账"
HEADER = [
    "序号",
    "编号",
    "申请人姓名",
    "申请人类型",
    "身份证号",
    "联系电话",
    "渠道",
    "受理日期（年月日）",
    "申请公开内容",
    "补正日期",
    "收费通知日期",
    "计费页数",
    "办结日期",
    "处理结果",
    "备注",
]
# One row per outcome the importer knows how to replay; dates in every form ledgers use.
LEDGER: list[list[Any] | None] = [
    [1, "2024-001", "张三", "自然人", "330122199001011234", "13900000000", "当面",
     datetime(2024, 3, 5), "2023年教育经费预算", None, None, None, "2024/3/20", "予以公开", ""],
    [2, "2024-002", "杭州某某科技有限公司", "商业企业", None, "0571-1234567", "网上",
     "2024年4月1日", "校车采购合同", None, None, None, "2024.4.18", "（二）部分公开", None],
    [3, "２０２４－００３", "李四", "自然人", None, None, "信函",
     "２０２４年５月６日", "学区划分依据", None, None, None, date(2024, 5, 20),
     "本机关不掌握相关政府信息", None],
    None,  # a blank line in the middle of the ledger
    [4, "2024-004", "王五", "自然人", None, None, "电子邮件",
     date(2024, 6, 3), "教师招聘成绩", None, None, None, date(2024, 6, 10), "申请人撤回", None],
    [5, "2024-005", "某某律师事务所", "法律服务机构", None, None, "当面",
     "2024-07-01", "某某学校安全检查记录", "2024-07-03", None, None, "2024-07-25",
     "逾期不补正", None],
    [6, None, "赵六", "自然人", None, None, None,
     "2024-11-20", "课后服务收费标准", None, None, None, None, "办理中", None],
    [7, "2024-007", "某某研究院", "科研机构", None, None, "网上",
     "2024-12-10", "近五年学生体质监测数据", None, None, None, "2025-01-08",
     "信访举报投诉类申请", None],
    [8, 2024008, "某某大学课题组", "科研机构", None, None, "邮寄",
     45352, "考试命题工作方案", None, None, None, 45370, "不予公开（国家秘密）", None],
    [9, "2024-009", "某某环保公益协会", "社会公益组织", None, None, "当面",
     "2024-06-03", "全县校舍维修台账", None, "2024-06-05", 50, "2024-07-15",
     "逾期未缴费", None],
]  # fmt: skip
N = 9
TYPES = ("natural_person", "business", "research", "public_interest", "legal_services", "other_org")


def _xlsx(sheets: dict[str, Sequence[Sequence[Any] | None]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(list(row) if row is not None else [])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _ledger(
    *extra: Sequence[Any],
    header: Sequence[str] = HEADER,
    rows: Sequence[Sequence[Any] | None] = LEDGER,
) -> bytes:
    return _xlsx(
        {
            "填表说明": [["本台账按收到申请的先后登记。"], ["答复结果按年度报告表三填写。"]],
            SHEET: [["桐庐县教育局政府信息公开申请登记台账（2024年）"], header, *rows, *extra],
        }
    )


@pytest.fixture
def county(session: Session) -> County:
    return make_county(session)


@pytest.fixture
def run(engine: Engine, county: County) -> Callable[..., LedgerReport]:
    """Import in the caller's transaction, committed when the import returns (store.transaction)."""
    factory = session_factory(engine)

    def call(source: Path | bytes, dry_run: bool = False, who: str = "clerk") -> LedgerReport:
        with transaction(factory) as s:
            return import_ledger(
                s, county.id(who), county.bureau.id, source, now=NOW, dry_run=dry_run
            )

    return call


def _count(engine: Engine, model: type[Any]) -> int:
    with Session(engine) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _cells(**by_type: int) -> tuple[int, ...]:
    cells = tuple(by_type.get(t, 0) for t in TYPES)
    return (*cells, sum(cells))


def test_dry_run_reports_what_would_be_imported_and_writes_nothing(
    run: Callable[..., LedgerReport], engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "台账.xlsx"
    path.write_bytes(_ledger())
    report = run(path, dry_run=True)
    assert (report.imported, report.skipped_existing, report.failed) == (N, 0, 0)
    assert report.problems == ()
    assert report.dry_run and "试导入" in report.summary
    assert (report.sheet, report.header_row) == (SHEET, 2)
    mapped = {c.header: c.field for c in report.columns}
    assert mapped["编号"] == "number"  # 序号 only when nothing better is there
    assert mapped["受理日期（年月日）"] == "received"
    assert mapped["处理结果"] == "result" and mapped["申请人姓名"] == "name"
    assert set(report.ignored) == {"序号", "备注"}
    assert "2024-003" in report.numbers and "2024008" in report.numbers
    assert _count(engine, Application) == 0
    assert _count(engine, ApplicationEvent) == 0


def test_real_run_imports_every_row_with_its_history(
    run: Callable[..., LedgerReport], engine: Engine, county: County
) -> None:
    dry = run(_ledger(), dry_run=True)
    report = run(_ledger())
    assert (report.imported, report.skipped_existing, report.failed) == (N, 0, 0)
    assert report.numbers == dry.numbers
    with Session(engine) as s:
        apps = {a.number: a for a in s.scalars(select(Application))}
        assert set(apps) == set(report.numbers)
        assert all(a.agency_id == county.bureau.id for a in apps.values())
        first = apps["2024-001"]
        assert (first.received_on, first.concluded_on, first.state) == (
            date(2024, 3, 5),
            date(2024, 3, 20),
            State.CLOSED,
        )
        assert [e.kind.value for e in first.events] == ["register", "decide", "serve", "close"]
        assert first.applicant_id_number == "330122199001011234"
        assert apps["2024-002"].received_on == date(2024, 4, 1)  # a Monday, confirmed online
        assert apps["2024-003"].received_on == date(2024, 5, 6)  # full-width digits
        assert apps["2024-004"].state is State.WITHDRAWN
        expired = apps["2024-005"]
        assert expired.state is State.CLOSED_NO_CORRECTION
        assert [(e.kind.value, e.on) for e in expired.events][1:] == [
            ("request_correction", date(2024, 7, 3)),
            ("correction_expired", date(2024, 7, 25)),
        ]
        assert apps["2024008"].received_on == date(2024, 3, 1)  # an unformatted Excel serial
        assert apps["2024-009"].state is State.CLOSED_FEE_UNPAID
        assert apps["2024-009"].fee_amount == 200  # 50 pages: 20 charged at 10 元
        synthetic = [n for n in apps if n.startswith("台账-")]
        assert len(synthetic) == 1
        assert apps[synthetic[0]].state is State.RECEIVED
        assert apps[synthetic[0]].concluded_on is None


def test_second_import_of_the_same_file_imports_nothing(
    run: Callable[..., LedgerReport], engine: Engine
) -> None:
    run(_ledger())
    again = run(_ledger())
    assert (again.imported, again.skipped_existing, again.failed) == (0, N, 0)
    assert {n.message for n in again.skipped} == {ledger.SKIPPED}
    assert sorted(n.row for n in again.skipped) == [3, 4, 5, 7, 8, 9, 10, 11, 12]
    assert _count(engine, Application) == N
    # A dry run of the same file says the same without writing.
    dry = run(_ledger(), dry_run=True)
    assert (dry.imported, dry.skipped_existing) == (0, N)


def test_a_row_edited_after_its_import_is_still_skipped(
    run: Callable[..., LedgerReport], engine: Engine
) -> None:
    run(_ledger())
    edited = [list(r) if r is not None else None for r in LEDGER]
    first = edited[0]
    assert first is not None
    first[3] = "外星人"
    again = run(_ledger(rows=edited))
    assert (again.imported, again.skipped_existing, again.problems) == (0, N, ())


def test_duplicate_numbers_and_unnumbered_twins_within_one_file(
    run: Callable[..., LedgerReport], engine: Engine
) -> None:
    twin = [None, None, "周八", "自然人", None, None, "当面", "2024-09-02", "同一份文件"]
    dup = [99, *(LEDGER[0] or [])[1:]]  # 2024-001 a second time, row 15
    report = run(_ledger(twin, twin, dup))
    assert (report.imported, report.failed) == (N + 2, 1)
    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (15, "编号", "登记编号“2024-001”与第3行重复。")
    ]
    twins = report.numbers[-2:]
    assert twins[0].startswith("台账-") and twins[1] == twins[0] + "-2"
    again = run(_ledger(twin, twin, dup))
    assert (again.imported, again.skipped_existing, again.failed) == (0, N + 2, 1)
    assert _count(engine, Application) == N + 2


def test_imported_outcomes_land_in_the_right_rows_of_table_three(
    run: Callable[..., LedgerReport], engine: Engine, county: County
) -> None:
    run(_ledger())
    with Session(engine) as s:
        t2024 = applications_table(s, [county.bureau.id], 2024).rows
        t2025 = applications_table(s, [county.bureau.id], 2025).rows
    assert t2024["new"] == _cells(
        natural_person=4, business=1, research=2, public_interest=1, legal_services=1
    )
    assert t2024["disclosed"] == _cells(natural_person=1)
    assert t2024["partially_disclosed"] == _cells(business=1)
    assert t2024["unavailable_not_held"] == _cells(natural_person=1)
    assert t2024["withheld_state_secret"] == _cells(research=1)
    assert t2024["other_other"] == _cells(natural_person=1)  # the withdrawal
    assert t2024["other_no_correction"] == _cells(legal_services=1)
    assert t2024["other_fee_unpaid"] == _cells(public_interest=1)
    assert t2024["rejected_petition"] == _cells()  # replied in 2025
    assert t2024["results_total"] == _cells(
        natural_person=3, business=1, research=1, public_interest=1, legal_services=1
    )
    assert t2024["carried_forward"] == _cells(natural_person=1, research=1)
    assert t2025["carried_over"] == _cells(natural_person=1, research=1)
    assert t2025["rejected_petition"] == _cells(research=1)


def test_bad_rows_are_reported_where_they_are_and_the_good_rows_still_import(
    run: Callable[..., LedgerReport], engine: Engine
) -> None:
    def row(number: str, **kw: Any) -> list[Any]:
        values = {
            "type": "自然人",
            "received": "2024-08-01",
            "content": "某文件",
            "replied": "2024-08-10",
            "result": "予以公开",
        } | kw
        return [
            None, number, "申请人" + number, values["type"], None, None, "当面",
            values["received"], values["content"], None, None, None,
            values["replied"], values["result"], None,
        ]  # fmt: skip

    bad = [
        row("B-1", type="外星人"),  # row 13
        row("B-2", replied="2024-07-01"),  # row 14
        row("B-3", received="三月五日"),  # row 15
        row("B-4", result="已处理完毕"),  # row 16
        row("B-5", content="  "),  # row 17
        row("B-6", received="2027-01-01", replied=None, result=None),  # row 18: after `now`
        row("B-7", result="补正后申请内容仍不明确"),  # row 19: no 补正 recorded
        row("B-8"),  # row 20: fine
    ]
    report = run(_ledger(*bad))
    assert (report.imported, report.skipped_existing, report.failed) == (N + 1, 0, 7)
    found = {(p.sheet, p.row, p.column): p.message for p in report.problems}
    assert found[(SHEET, 13, "申请人类型")].startswith("未知的申请人类型“外星人”")
    assert found[(SHEET, 14, "办结日期")] == "答复日期早于收到日期。"
    assert found[(SHEET, 15, "受理日期（年月日）")].startswith("无法识别的日期“三月五日”")
    assert found[(SHEET, 16, "处理结果")].startswith("未知的办理结果“已处理完毕”")
    assert found[(SHEET, 17, "申请公开内容")] == "缺少申请内容。"
    assert found[(SHEET, 18, "受理日期（年月日）")] == "收到日期晚于今天。"
    assert "仍不明确" in found[(SHEET, 19, "处理结果")]
    assert len(report.problems) == 7
    with Session(engine) as s:
        numbers = set(s.scalars(select(Application.number)))
        events = s.scalar(select(func.count()).select_from(ApplicationEvent))
    assert "B-8" in numbers and not numbers & {f"B-{i}" for i in range(1, 8)}
    # B-7's registration was rolled back with its refused decision: no orphan events either.
    assert events == sum(len(ev) for ev in _events_by_number(engine).values())
    assert len(numbers) == N + 1


def _events_by_number(engine: Engine) -> dict[str, list[str]]:
    with Session(engine) as s:
        return {a.number: [e.kind.value for e in a.events] for a in s.scalars(select(Application))}


def test_missing_required_column_is_refused_before_anything_is_imported(
    run: Callable[..., LedgerReport], engine: Engine
) -> None:
    header = [h if h != "申请公开内容" else "内容摘要" for h in HEADER]
    with pytest.raises(LedgerError) as caught:
        run(_ledger(header=header))
    assert "缺少必需的列：申请内容" in caught.value.message
    assert f"工作表“{SHEET}”第2行" in caught.value.message
    assert "申请公开内容" in caught.value.hint
    assert _count(engine, Application) == 0


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x00\x01 not a spreadsheet at all", "不是 Excel 工作簿"),
        (b"PK\x03\x04 a damaged zip", "已损坏"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old BIFF", "旧版 Excel"),
        (b"", "文件是空的"),
    ],
)
def test_unreadable_files_are_refused_with_a_chinese_message(
    run: Callable[..., LedgerReport], engine: Engine, data: bytes, words: str
) -> None:
    with pytest.raises(GongkaiError) as caught:
        run(data)
    assert words in str(caught.value)
    assert _count(engine, Application) == 0


def test_empty_workbook_and_missing_file(run: Callable[..., LedgerReport], tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="工作簿是空的"):
        run(_xlsx({"Sheet1": []}))
    with pytest.raises(LedgerError, match="没有找到台账的表头行"):
        run(_xlsx({"Sheet1": [["一些无关的文字"], [1, 2, 3]]}))
    with pytest.raises(LedgerError, match="无法读取文件"):
        run(tmp_path / "不存在.xlsx")


def test_size_and_row_limits(
    run: Callable[..., LedgerReport], engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _ledger()
    monkeypatch.setattr(ledger, "MAX_BYTES", len(data) - 1)
    with pytest.raises(LedgerError, match="文件超过"):
        run(data)
    monkeypatch.setattr(ledger, "MAX_BYTES", len(data))
    monkeypatch.setattr(ledger, "MAX_ROWS", 10)
    with pytest.raises(LedgerError, match="工作表超过10行"):
        run(data)
    assert _count(engine, Application) == 0


def test_another_agencys_clerk_or_a_viewer_may_not_import(
    run: Callable[..., LedgerReport], engine: Engine
) -> None:
    with pytest.raises(PermissionDenied, match="无权访问其他机关"):
        run(_ledger(), who="other_clerk")
    with pytest.raises(PermissionDenied, match="没有“办理”权限"):
        run(_ledger(), who="supervisor")
    assert _count(engine, Application) == 0


def test_dry_run_keeps_the_callers_own_work(engine: Engine, county: County) -> None:
    """The dry run rolls back only its own savepoint, not what the caller did before."""
    with transaction(session_factory(engine)) as s:
        agency = s.get(Agency, county.bureau.id)
        assert agency is not None
        agency.name = "桐庐县教育局（改）"
        import_ledger(s, county.id("clerk"), county.bureau.id, _ledger(), now=NOW, dry_run=True)
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(Application)) == 0
        agency = s.get(Agency, county.bureau.id)
        assert agency is not None and agency.name == "桐庐县教育局（改）"


@pytest.mark.parametrize(
    "row", [r for r in fmt.APPLICATION_ROWS if r.key in fmt.result_keys(False)], ids=lambda r: r.key
)
def test_every_result_label_of_table_three_maps_to_its_row(row: fmt.Row) -> None:
    assert result_of(row.label) == row.key
    assert result_of(row.label.split("．")[-1]) == row.key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("不予公开-其他法律行政法规禁止公开", "withheld_prohibited_by_law"),
        ("（五）不予处理 2.重复申请", "rejected_duplicate"),
        ("信息不存在", "unavailable_not_held"),
        ("撤回", WITHDRAWN),
        ("其他", "other_other"),
        ("公开", "disclosed"),
        ("不予公开", None),
        ("已处理", None),
    ],
)
def test_result_synonyms(text: str, key: str | None) -> None:
    assert result_of(text) == key
