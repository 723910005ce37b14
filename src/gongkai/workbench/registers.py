"""The registers behind table 二: 规章 and 行政规范性文件 (issued, abolished, in force), the
yearly figures kept by other systems (许可, 处罚, 强制 decisions; fee income in 万元), and table 二
itself, derived from them (domain.md sections 1.3 and 5).

Like every service: session, acting user and current time as arguments; permissions checked;
an audit entry per change; flushed, committed by the caller.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from gongkai.report import format as fmt
from gongkai.report.model import Proactive, Value
from gongkai.workbench import access, store
from gongkai.workbench.access import Action
from gongkai.workbench.calendar import format_date
from gongkai.workbench.orm import (
    AuditAction,
    Publication,
    RegisteredDocument,
    YearlyFigure,
    record,
    snapshot,
)
from gongkai.workbench.publications import (
    FEES_LARGE_WANYUAN,
    PublicationError,
    member,
    required_text,
)
from gongkai.workbench.publishing import DocKind, FigureItem

_DOCUMENTS = "registered_documents"
_FIGURES = "yearly_figures"
_MAX_VALUE = Decimal(10) ** 12  # Numeric(16, 4)
_FIRST_YEAR = 2008  # the 条例 took effect on 2008-05-01; there are no figures before


# ---------------------------------------------------------------- the register (第二十条第（一）项)


def register_document(
    session: Session,
    actor_id: int,
    *,
    agency_id: int,
    kind: DocKind,
    title: str,
    doc_number: str | None,
    issued_on: date,
    now: datetime,
    publication_id: int | None = None,
) -> RegisteredDocument:
    """Enter an issued 规章 or 行政规范性文件 in the agency's register."""
    user = access.actor(session, actor_id)
    access.require(session, user, Action.MANAGE, agency_id)
    kind = member(DocKind, kind, "文件类型")
    title = required_text(title, "文件名称", 300)
    number = (doc_number or "").strip() or None
    if number is not None:
        if len(number) > 100:
            raise PublicationError("文号过长（最多100个字符）。", "请核对文号。")
        same = session.scalars(
            select(RegisteredDocument).where(
                RegisteredDocument.agency_id == agency_id,
                RegisteredDocument.doc_number == number,
                RegisteredDocument.archived_at.is_(None),
            )
        ).first()
        if same is not None:
            raise PublicationError(
                f"文号“{number}”已登记（“{same.title}”）。",
                "同一文件只登记一次；如为不同文件，请核对文号。",
            )
    if publication_id is not None:
        pub = store.get(session, Publication, publication_id, "信息")
        if pub.agency_id != agency_id:
            raise PublicationError(
                "所关联的公开信息不属于本机关。", "请选择本机关发布该文件的信息。"
            )
    doc = RegisteredDocument(
        agency_id=agency_id,
        kind=kind,
        title=title,
        doc_number=number,
        issued_on=issued_on,
        publication_id=publication_id,
        created_at=now,
    )
    session.add(doc)
    session.flush()
    record(session, user, _DOCUMENTS, doc.id, AuditAction.CREATE, None, snapshot(doc), now)
    session.flush()
    return doc


def abolish_document(
    session: Session,
    actor_id: int,
    document_id: int,
    *,
    abolished_on: date,
    now: datetime,
    expected_version: int | None = None,
) -> RegisteredDocument:
    """Record that a registered document was abolished (废止) or otherwise ceased to be in force."""
    user = access.actor(session, actor_id)
    doc = store.get(session, RegisteredDocument, document_id, "登记文件")
    access.require(session, user, Action.MANAGE, doc.agency_id)
    store.check_version(doc, expected_version, f"登记文件“{doc.title}”")
    if doc.abolished_on is not None:
        raise PublicationError(
            f"“{doc.title}”已于{format_date(doc.abolished_on)}废止。",
            "同一文件不能重复废止；如废止日期有误，请联系机关管理员更正。",
        )
    if abolished_on < doc.issued_on:
        raise PublicationError(
            f"废止日期{format_date(abolished_on)}早于制发日期{format_date(doc.issued_on)}。",
            "请核对废止日期。",
        )
    before = snapshot(doc)
    doc.abolished_on = abolished_on
    session.flush()
    record(session, user, _DOCUMENTS, doc.id, AuditAction.UPDATE, before, snapshot(doc), now)
    session.flush()
    return doc


# ---------------------------------------------------------------- yearly figures


def set_figure(
    session: Session,
    actor_id: int,
    *,
    agency_id: int,
    year: int,
    item: FigureItem,
    value: Decimal,
    source: str,
    now: datetime,
    confirm_large: bool = False,
    expected_version: int | None = None,
) -> YearlyFigure:
    """Enter or correct one table-二 figure kept by another system, with where it comes from.
    Counts are whole decisions; fees are 万元 with at most 4 decimals."""
    user = access.actor(session, actor_id)
    access.require(session, user, Action.MANAGE, agency_id)
    item = member(FigureItem, item, "统计项目")
    value = _check_figure(item, value, confirm_large)
    source = required_text(source, "数据来源", 300)
    if not _FIRST_YEAR <= year <= now.year:
        raise PublicationError(
            f"年度{year}不在可填报范围内（{_FIRST_YEAR}年至{now.year}年）。",
            "请填写数据所属的统计年度。",
        )
    row = session.scalars(
        select(YearlyFigure).where(
            YearlyFigure.agency_id == agency_id,
            YearlyFigure.year == year,
            YearlyFigure.item == item,
        )
    ).first()
    if row is None:
        row = YearlyFigure(
            agency_id=agency_id, year=year, item=item, value=value, source=source, created_at=now
        )
        session.add(row)
        session.flush()
        record(session, user, _FIGURES, row.id, AuditAction.CREATE, None, snapshot(row), now)
        session.flush()
        return row
    store.check_version(row, expected_version, f"{year}年“{item.label}”")
    before = snapshot(row)
    action = AuditAction.RESTORE if row.archived_at is not None else AuditAction.UPDATE
    row.value, row.source, row.archived_at = value, source, None
    session.flush()
    record(session, user, _FIGURES, row.id, action, before, snapshot(row), now)
    session.flush()
    return row


def _check_figure(item: FigureItem, value: Decimal | int, confirm_large: bool) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise PublicationError(
            f"“{item.label}”须为整数或十进制数。", "请填写阿拉伯数字；金额请勿使用浮点数。"
        )
    number = Decimal(value)
    if not number.is_finite():
        raise PublicationError(f"“{item.label}”不是有效的数字。", "请填写阿拉伯数字。")
    if number < 0:
        raise PublicationError(
            f"“{item.label}”不能为负数（收到 {number}）。", "请填写本年实际数，没有的填 0。"
        )
    if number >= _MAX_VALUE:
        raise PublicationError(f"“{item.label}”数值过大（{number}）。", "请核对数值及单位。")
    if item is not FigureItem.FEES:
        if number != number.to_integral_value():
            raise PublicationError(
                f"“{item.label}”须为整数（收到 {number}）。", "处理决定数量按件计，请填写整数。"
            )
        return number.quantize(Decimal(1))
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -4:
        raise PublicationError(
            f"收费金额{number}万元的小数位数超过4位。",
            "收费金额以万元为单位，最多保留4位小数（即精确到元）。",
        )
    if number >= FEES_LARGE_WANYUAN and not confirm_large:
        yi = (number / 10000).normalize()
        raise PublicationError(
            f"收费金额{number}万元（合{yi}亿元）异常偏大，可能误按“元”填写。",
            f"表二收费金额的单位是万元：如{number}是以元计的金额，请填写{yi}；"
            f"如确为{number}万元，请确认后再保存。",
        )
    return number


# ---------------------------------------------------------------- table 二


def proactive_table(session: Session, agency_ids: Collection[int], year: int) -> Proactive:
    """Table 二 (2021 format) of `year` for the given agencies, from the register and the figures.

    No permission check here: the caller decides which agencies the user may report on (for
    example with `access.visible_agencies`). A figure no agency entered is None (unknown), never 0.
    """
    ids = list(agency_ids)
    start, end = date(year, 1, 1), date(year, 12, 31)
    doc = RegisteredDocument
    counted = (
        select(
            doc.kind,
            func.sum(case((doc.issued_on.between(start, end), 1), else_=0)),
            func.sum(case((doc.abolished_on.between(start, end), 1), else_=0)),
            func.sum(
                case(
                    (
                        and_(
                            doc.issued_on <= end,
                            or_(doc.abolished_on.is_(None), doc.abolished_on > end),
                        ),
                        1,
                    ),
                    else_=0,
                )
            ),
        )
        .where(doc.agency_id.in_(ids), doc.archived_at.is_(None))
        .group_by(doc.kind)
    )
    rows: dict[str, dict[str, Value]] = {
        kind.value: {"issued": 0, "abolished": 0, "in_force": 0} for kind in DocKind
    }
    for kind, issued, abolished, in_force in session.execute(counted):
        rows[DocKind(kind).value] = {
            "issued": int(issued or 0),
            "abolished": int(abolished or 0),
            "in_force": int(in_force or 0),
        }

    fig = YearlyFigure
    summed = (
        select(fig.item, func.sum(fig.value))
        .where(fig.agency_id.in_(ids), fig.year == year, fig.archived_at.is_(None))
        .group_by(fig.item)
    )
    totals: dict[str, Any] = {
        FigureItem(item).value: total for item, total in session.execute(summed)
    }
    for spec in fmt.PROACTIVE_2021:
        if spec.key in rows:
            continue
        (column,) = spec.columns
        total = totals.get(spec.key)
        value: Value = None
        if total is not None:
            amount = Decimal(str(total))
            value = amount.quantize(Decimal("0.0001")) if spec.key == "fees" else int(amount)
        rows[spec.key] = {column.key: value}
    return Proactive("2021", {spec.key: rows[spec.key] for spec in fmt.PROACTIVE_2021})
