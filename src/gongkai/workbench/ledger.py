"""Import an agency's Excel 台账 (application ledger) through the service layer.

Agencies arrive with years of history in spreadsheets. Each ledger row becomes one application
registered and stepped through `applications` exactly as a clerk would have done it, so the
imported history obeys the same rules and feeds the same statistics. The whole file is read and
checked before anything is written; each row is written in its own SAVEPOINT, so one bad row
costs only itself. Rows are keyed by their 登记编号 (or a stable synthetic one): importing the
same file twice imports nothing the second time.

Transactions: `import_ledger` works inside the caller's session, wrapped in one savepoint of its
own. A dry run rolls that savepoint back; a real run releases it and the caller must commit (as
`store.transaction` does). On SQLite without an open transaction the release already commits.
"""

from __future__ import annotations

import hashlib
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from io import BytesIO
from itertools import islice
from pathlib import Path

import openpyxl
from openpyxl.workbook.workbook import Workbook
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from gongkai.errors import GongkaiError
from gongkai.workbench import access, applications
from gongkai.workbench.access import Action
from gongkai.workbench.applications import Applicant, Entry, NewApplication
from gongkai.workbench.intake import CHINA_TZ, Channel
from gongkai.workbench.ledger_columns import (
    FIELD_BY_KEY,
    REQUIRED,
    WITHDRAWN,
    applicant_type_of,
    blank,
    channel_of,
    compact,
    date_of,
    map_header,
    result_of,
    text_of,
)
from gongkai.workbench.lifecycle import EventKind
from gongkai.workbench.orm import Agency, Application
from gongkai.workbench.store import get

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
HEADER_ROWS = 10  # the header row is searched for in the first rows of each sheet
ARRIVAL = time(9, 0)  # ledgers keep dates only: an application is taken to arrive at 09:00
SKIPPED = "已导入，跳过"
_CONFIRMED = frozenset({Channel.ONLINE, Channel.FAX, Channel.EMAIL})  # receipt = confirmed day
_OPEN = frozenset({"办理中", "正在办理", "未办结", "待答复", "在办"})
_LIMITS = {"number": 32, "name": 200, "id_number": 64, "contact": 300}  # column widths
_E = EventKind


class LedgerError(GongkaiError):
    """A ledger that cannot be imported at all (unreadable, too large, columns missing)."""


@dataclass(frozen=True, slots=True)
class RowNote:
    """Something about one ledger row, located as the user sees it in Excel."""

    sheet: str
    row: int  # Excel row number
    column: str  # the header as written in the sheet; "" for the row as a whole
    message: str


@dataclass(frozen=True, slots=True)
class MappedColumn:
    header: str  # as written in the sheet
    field: str  # ledger_columns.Field key
    label: str  # the field's Chinese name


@dataclass(frozen=True, slots=True)
class LedgerReport:
    sheet: str
    header_row: int
    columns: tuple[MappedColumn, ...]
    ignored: tuple[str, ...]  # headers that map to no field
    dry_run: bool
    imported: int  # in a dry run: would be imported
    skipped_existing: int
    failed: int
    numbers: tuple[str, ...]  # 登记编号 of the (would-be) imported rows
    skipped: tuple[RowNote, ...]
    problems: tuple[RowNote, ...]

    @property
    def summary(self) -> str:
        head = "试导入（未保存）" if self.dry_run else "导入完成"
        verb = "可导入" if self.dry_run else "导入"
        return (
            f"{head}：工作表“{self.sheet}”，{verb}{self.imported}件，"
            f"已导入跳过{self.skipped_existing}件，失败{self.failed}件。"
        )


@dataclass
class _Row:
    excel_row: int
    values: dict[str, object]
    problems: list[tuple[str, str]] = field(default_factory=list)  # (field key, message)


@dataclass
class _Sheet:
    title: str
    header_row: int
    columns: dict[str, int]  # field key -> 0-based column
    headers: list[str]  # the header row as written
    rows: list[_Row]

    def header(self, key: str) -> str:
        return self.headers[self.columns[key]] if key in self.columns else ""


class _Failed(Exception):
    """A service refusal inside a row, with the field whose value caused it."""

    def __init__(self, key: str, error: GongkaiError) -> None:
        super().__init__(str(error))
        self.key = key


def import_ledger(
    session: Session,
    actor_id: int,
    agency_id: int,
    source: Path | bytes,
    *,
    now: datetime,
    dry_run: bool,
) -> LedgerReport:
    """Import `source` (.xlsx) into `agency_id`'s applications; see the module docstring."""
    user = access.actor(session, actor_id)
    get(session, Agency, agency_id, "机关")
    access.require(session, user, Action.HANDLE, agency_id)  # once, for the whole file
    sheet = _read(source)
    numbers: list[str] = []
    skipped: list[RowNote] = []
    problems: list[RowNote] = []
    failed_rows: set[int] = set()

    def note(row: _Row, key: str, message: str) -> None:
        problems.append(RowNote(sheet.title, row.excel_row, sheet.header(key), message))
        failed_rows.add(row.excel_row)

    def exists(number: str) -> bool:
        query = select(Application.id).where(
            Application.agency_id == agency_id, Application.number == number
        )
        return session.scalar(query) is not None

    seen: dict[str, int] = {}  # number -> Excel row, in this file
    repeats: Counter[str] = Counter()

    def skip(row: _Row) -> None:
        skipped.append(RowNote(sheet.title, row.excel_row, sheet.header("number"), SKIPPED))

    outer = session.begin_nested()
    try:
        for row in sheet.rows:
            given = text_of(row.values.get("number"))
            if given in seen:
                note(row, "number", f"登记编号“{given}”与第{seen[given]}行重复。")
                continue
            if given and exists(given):  # imported before: its cells are not checked again
                seen[given] = row.excel_row
                skip(row)
                continue
            parsed = _parse(row, now)
            for key, message in row.problems:
                note(row, key, message)
            if parsed is None:
                continue
            if not given:  # identical rows without a number: the 2nd gets "-2", and so on
                repeats[parsed.number] += 1
                if repeats[parsed.number] > 1:
                    parsed = replace(parsed, number=f"{parsed.number}-{repeats[parsed.number]}")
            seen[parsed.number] = row.excel_row
            if exists(parsed.number):  # a synthetic number seen before, or twice in the file
                skip(row)
                continue
            try:
                with session.begin_nested():
                    _import(session, actor_id, agency_id, parsed, now)
            except _Failed as failure:
                note(row, failure.key, str(failure))
            except SQLAlchemyError:
                note(row, "", "该行无法保存：内容超出允许的长度或格式不符。")
            else:
                numbers.append(parsed.number)
    except BaseException:
        outer.rollback()
        raise
    if dry_run:
        outer.rollback()
    else:
        outer.commit()
    mapped = tuple(
        MappedColumn(sheet.headers[col], key, FIELD_BY_KEY[key].label)
        for key, col in sorted(sheet.columns.items(), key=lambda kv: kv[1])
    )
    used = set(sheet.columns.values())
    ignored = tuple(h for i, h in enumerate(sheet.headers) if h and i not in used)
    return LedgerReport(
        sheet=sheet.title,
        header_row=sheet.header_row,
        columns=mapped,
        ignored=ignored,
        dry_run=dry_run,
        imported=len(numbers),
        skipped_existing=len(skipped),
        failed=len(failed_rows),
        numbers=tuple(numbers),
        skipped=tuple(skipped),
        problems=tuple(problems),
    )


# ---------------------------------------------------------------- one row through the services


@dataclass(frozen=True, slots=True)
class _Parsed:
    number: str
    applicant: Applicant
    channel: Channel
    received: date
    content: str
    replied: date | None
    result: str | None
    correction_on: date | None
    corrected_on: date | None
    fee_notice_on: date | None
    pages: int | None


def _import(session: Session, actor_id: int, agency_id: int, row: _Parsed, now: datetime) -> None:
    arrived = min(datetime.combine(row.received, ARRIVAL, tzinfo=CHINA_TZ), now)  # today: not 09:00
    new = NewApplication(
        row.applicant,
        row.channel,
        arrived,
        row.content,
        confirmed_on=row.received if row.channel in _CONFIRMED else None,
        number=row.number,
    )
    try:
        app = applications.register(session, actor_id, agency_id, new, now=now)
    except GongkaiError as error:
        raise _Failed("", error) from None
    for key, entry in _steps(row):
        try:
            applications.record_step(session, actor_id, app.id, entry, now=now)
        except GongkaiError as error:
            raise _Failed(key, error) from None


def _steps(row: _Parsed) -> Iterator[tuple[str, Entry]]:
    """The steps a ledger row stands for, each with the field its date comes from."""
    items = {"items": "见原台账（台账导入）"}
    if row.correction_on is not None:
        yield "correction_on", Entry(_E.REQUEST_CORRECTION, row.correction_on, details=items)
    if row.corrected_on is not None:
        yield "corrected_on", Entry(_E.RECEIVE_CORRECTION, row.corrected_on)
    if row.replied is None or row.result is None:
        return
    on = row.replied
    if row.result == "other_no_correction":
        if row.correction_on is None:
            yield "received", Entry(_E.REQUEST_CORRECTION, row.received, details=items)
        yield "replied", Entry(_E.CORRECTION_EXPIRED, on)
    elif row.result == "other_fee_unpaid":
        if row.fee_notice_on is None or row.pages is None:
            raise _Failed(
                "result",
                LedgerError(
                    "“逾期未缴费”的申请需要收费通知日期和计费页数。",
                    "请在台账中补充“收费通知日期”和“计费页数”两列，或在工作台中手工登记。",
                ),
            )
        fee = {"method": "per_page", "pages": row.pages}
        yield "fee_notice_on", Entry(_E.ISSUE_FEE_NOTICE, row.fee_notice_on, details=fee)
        yield "replied", Entry(_E.FEE_EXPIRED, on)
    elif row.result == WITHDRAWN:
        yield "replied", Entry(_E.WITHDRAW, on)
    else:
        yield "result", Entry(_E.DECIDE, on, outcome=row.result)
        yield "replied", Entry(_E.SERVE, on)
        yield "replied", Entry(_E.CLOSE, on)


# ---------------------------------------------------------------- cells


def _parse(row: _Row, now: datetime) -> _Parsed | None:
    """The row's values checked and converted; None (with `row.problems`) when it cannot go in."""
    v = row.values
    text = {k: text_of(v.get(k)) for k in ("number", "id_number", "contact", "pages")}
    name = text_of(v.get("name"), nfkc=False)
    content = text_of(v.get("content"), nfkc=False)
    dates = {
        k: _date(row, k, v.get(k))
        for k in ("received", "replied", "correction_on", "corrected_on", "fee_notice_on")
    }
    received, replied = dates["received"], dates["replied"]
    for key, what in (("name", name), ("content", content)):
        if not what:
            row.problems.append((key, f"缺少{FIELD_BY_KEY[key].label}。"))
    if received is None and blank(v.get("received")):
        row.problems.append(("received", "缺少收到日期。"))
    if received and replied and replied < received:
        row.problems.append(("replied", "答复日期早于收到日期。"))
    today = now.astimezone(CHINA_TZ).date()
    for key in ("received", "replied"):
        if (day := dates[key]) and day > today:
            row.problems.append((key, f"{FIELD_BY_KEY[key].label}晚于今天。"))
    for key, limit in _LIMITS.items():
        value = name if key == "name" else text[key]
        if len(value) > limit:
            row.problems.append((key, f"内容过长（{len(value)}字，最多{limit}字）。"))
    kind = _applicant_type(row, v.get("type"))
    via = _channel(row, v.get("channel"))
    result = _result(row, v.get("result"), replied)
    pages = int(text["pages"]) if text["pages"].isdigit() else None
    if row.problems or received is None or kind is None or via is None:
        return None
    number = text["number"] or _synthetic_number(received, name, content)
    applicant = Applicant(kind, name, None, text["id_number"] or None, text["contact"] or None)
    return _Parsed(
        number,
        applicant,
        via,
        received,
        content,
        replied,
        result,
        dates["correction_on"],
        dates["corrected_on"],
        dates["fee_notice_on"],
        pages,
    )


def _synthetic_number(received: date, name: str, content: str) -> str:
    """A number for a row without one, stable across reruns of the same ledger."""
    key = "|".join((received.isoformat(), compact(name), compact(content)))
    return "台账-" + hashlib.sha256(key.encode()).hexdigest()[:10]


def _date(row: _Row, key: str, value: object) -> date | None:
    if blank(value):
        return None
    found = date_of(value)
    if found is None:
        message = f"无法识别的日期“{value}”（请写作 2024-03-05、2024/3/5 或 2024年3月5日）。"
        row.problems.append((key, message))
    return found


def _applicant_type(row: _Row, value: object) -> str | None:
    word = compact(text_of(value))
    if not word:
        return "natural_person"  # ledgers without the column: most applicants are individuals
    kind = applicant_type_of(word)
    if kind is None:
        names = "自然人、商业企业、科研机构、社会公益组织、法律服务机构或其他"
        row.problems.append(("type", f"未知的申请人类型“{value}”（应为{names}）。"))
    return kind


def _channel(row: _Row, value: object) -> Channel | None:
    word = compact(text_of(value))
    if not word:
        return Channel.OTHER
    via = channel_of(word)
    if via is None:
        names = "当面、邮寄、网上、传真、电子邮件或其他"
        row.problems.append(("channel", f"未知的申请方式“{value}”（应为{names}）。"))
    return via


def _result(row: _Row, value: object, replied: date | None) -> str | None:
    word = compact(text_of(value))
    if not word or word in _OPEN:
        if replied is not None:
            row.problems.append(("result", "有答复日期但缺少答复结果。"))
        return None
    result = result_of(word)
    if result is None:
        examples = "如予以公开、部分公开、本机关不掌握相关政府信息"
        message = f"未知的办理结果“{value}”（请使用年度报告表三的办理结果，{examples}）。"
        row.problems.append(("result", message))
    elif replied is None and "replied" not in {k for k, _ in row.problems}:
        row.problems.append(("replied", "有答复结果但缺少答复日期。"))
    return result


# ---------------------------------------------------------------- the workbook


def _read(source: Path | bytes) -> _Sheet:
    """The first sheet whose header maps, with all its rows: everything is read before writing."""
    data = _bytes(source)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # real ledgers carry extensions openpyxl warns about
            book = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True)
            try:
                return _pick_sheet(book)
            finally:
                book.close()
    except GongkaiError:
        raise
    except Exception:  # openpyxl raises many kinds of errors for a damaged package
        raise LedgerError(
            "文件不是有效的 Excel 工作簿（.xlsx），或文件已损坏。",
            "请在 Excel 或 WPS 中打开该文件，另存为“Excel 工作簿（*.xlsx）”后重试。",
        ) from None


def _bytes(source: Path | bytes) -> bytes:
    if isinstance(source, Path):
        try:
            if source.stat().st_size > MAX_BYTES:
                raise _too_large()
            data = source.read_bytes()
        except OSError:
            raise LedgerError(f"无法读取文件“{source.name}”。", "请检查文件是否存在。") from None
    else:
        data = source
    if len(data) > MAX_BYTES:
        raise _too_large()
    if not data:
        raise LedgerError("文件是空的。", "请选择台账的 Excel 文件（.xlsx）。")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise LedgerError(
            "这是旧版 Excel 文件（.xls），无法直接导入。",
            "请在 Excel 或 WPS 中打开，另存为“Excel 工作簿（*.xlsx）”后重试。",
        )
    if not data.startswith(b"PK"):
        raise LedgerError("文件不是 Excel 工作簿（.xlsx）。", "请选择台账的 .xlsx 文件。")
    return data


def _too_large() -> LedgerError:
    return LedgerError(
        f"文件超过{MAX_BYTES // 1024 // 1024} MB，无法导入。",
        "请删除与台账无关的工作表和图片，或按年度拆分成几个文件分别导入。",
    )


def _pick_sheet(book: Workbook) -> _Sheet:
    best: tuple[int, str, int, dict[str, int]] | None = None
    any_content = False
    for ws in book.worksheets:
        head = [tuple(r) for r in islice(ws.iter_rows(values_only=True), HEADER_ROWS)]
        any_content = any_content or any(not blank(c) for r in head for c in r)
        for number, cells in enumerate(head, 1):
            columns = map_header(cells)
            found = sum(f.key in columns for f in REQUIRED)
            if found == len(REQUIRED):
                headers = [text_of(c, nfkc=False) for c in cells]
                rows = ws.iter_rows(min_row=number + 1, values_only=True)
                data = _data_rows(rows, number, columns, ws.max_row)
                return _Sheet(ws.title, number, columns, headers, data)
            if found and (best is None or found > best[0]):
                best = (found, ws.title, number, columns)
    if not any_content:
        raise LedgerError("工作簿是空的，没有找到任何数据。", "请确认选择了正确的台账文件。")
    if best is None:
        raise LedgerError(
            "没有找到台账的表头行（应包含申请人、收到日期、申请内容等列）。",
            f"请把表头放在工作表的前{HEADER_ROWS}行内，列名如“申请人”“收到日期”“申请内容”。",
        )
    missing = "、".join(f.label for f in REQUIRED if f.key not in best[3])
    accepted = "；".join(f"{f.label}：" + "/".join(f.aliases) for f in REQUIRED)
    raise LedgerError(
        f"工作表“{best[1]}”第{best[2]}行的表头缺少必需的列：{missing}。",
        f"可以识别的列名为 {accepted}。请补上这些列后重新导入；本次未导入任何数据。",
    )


def _data_rows(
    cells_of: Iterable[Sequence[object]],
    header_row: int,
    columns: dict[str, int],
    max_row: int | None,
) -> list[_Row]:
    if max_row is not None and max_row > MAX_ROWS:  # the sheet's own dimension, when it has one
        raise _too_many_rows(max_row)
    rows: list[_Row] = []
    for number, cells in enumerate(cells_of, header_row + 1):
        if number > MAX_ROWS:
            raise _too_many_rows(number)
        values = {key: cells[col] if col < len(cells) else None for key, col in columns.items()}
        if all(blank(c) for c in values.values()):
            continue
        rows.append(_Row(number, values))
    return rows


def _too_many_rows(count: int) -> LedgerError:
    return LedgerError(
        f"工作表超过{MAX_ROWS:,}行（至少{count:,}行），无法一次导入。",
        "请按年度拆分台账，分成几个文件分别导入。",
    )
