"""The public online service: a visitor applies without an account and follows the application
with its 查询码 (tracking code).

Nobody is signed in, so the checks a clerk would make at the counter happen here: every field the
条例 第二十九条 asks for, in Chinese, all at once. Abuse is kept in bounds per address: at most
`MAX_SUBMISSIONS` applications an hour and `MAX_WRONG_CODES` unknown codes in 15 minutes. Both
counters live in the login-attempt log under their own marker and an address prefix, so they
neither lock nor are locked by staff sign-in from the same address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gongkai.errors import GongkaiError
from gongkai.report import format as fmt
from gongkai.workbench import applications
from gongkai.workbench.applications import Applicant, NewApplication
from gongkai.workbench.intake import APPLICANT_TYPE_NAMES
from gongkai.workbench.lifecycle import EVENT_NAMES, STATE_NAMES, TERMINAL
from gongkai.workbench.orm import Agency, Application, LoginAttempt

MAX_SUBMISSIONS = 10
SUBMISSION_WINDOW = timedelta(hours=1)
MAX_WRONG_CODES = 20
TRACK_WINDOW = timedelta(minutes=15)
_APPLY_MARK = "（在线申请）"
_TRACK_MARK = "（查询码）"

ID_KINDS = ("居民身份证", "护照", "港澳台居民居住证", "统一社会信用代码", "其他证件")
FORMS = ("纸质", "电子")
DELIVERIES = ("邮寄", "电子邮件", "自行领取")
_ID_CARD = re.compile(r"^\d{17}[\dX]$")
_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
_PHONE = re.compile(r"^[\d\-+() ]{7,20}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class OnlineError(GongkaiError):
    """A submission or a lookup the public service refuses; `fields` names the bad inputs."""

    def __init__(self, message: str, hint: str = "", fields: dict[str, str] | None = None) -> None:
        super().__init__(message, hint)
        self.fields = fields or {}


@dataclass(frozen=True, slots=True)
class OnlineForm:
    """What the visitor typed, as text: kept as is to fill the form again after a refusal."""

    agency_id: str = ""
    applicant_type: str = "natural_person"
    name: str = ""
    id_kind: str = ID_KINDS[0]
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    content: str = ""
    form: str = FORMS[1]
    delivery: str = DELIVERIES[1]
    honeypot: str = ""


@dataclass(frozen=True, slots=True)
class PublicStep:
    on: date
    name: str


@dataclass(frozen=True, slots=True)
class TrackView:
    """All an applicant learns from the 查询码: where the application stands, nothing internal."""

    agency: str
    number: str
    state: str
    received_on: date
    due_on: date | None
    concluded_on: date | None
    outcome: str | None
    steps: list[PublicStep] = field(default_factory=list)


def submit(session: Session, form: OnlineForm, *, address: str, now: datetime) -> Application:
    """Check and register a visitor's application (channel 网上申请, no actor)."""
    if form.honeypot.strip():
        # Only robots fill the hidden field; they learn nothing more specific.
        raise OnlineError("提交未成功。", "请刷新页面后重新填写。")
    _refuse_when_busy(session, _APPLY_MARK, address, now - SUBMISSION_WINDOW, MAX_SUBMISSIONS)
    agency_id, new = _checked(session, form, now)
    app = applications.register_online(session, agency_id, new, now=now)
    session.add(LoginAttempt(login=_APPLY_MARK, address=_key(address), at=now, succeeded=True))
    session.flush()
    return app


def track(session: Session, code: str, *, address: str, now: datetime) -> TrackView | None:
    """The application a 查询码 names, or None; unknown codes count against the address."""
    _refuse_when_busy(session, _TRACK_MARK, address, now - TRACK_WINDOW, MAX_WRONG_CODES)
    app = applications.by_tracking_code(session, code)
    if app is None:
        session.add(LoginAttempt(login=_TRACK_MARK, address=_key(address), at=now, succeeded=False))
        session.flush()
        return None
    return view_of(app)


def view_of(app: Application) -> TrackView:
    return TrackView(
        agency=app.agency.name,
        number=app.number,
        state=STATE_NAMES[app.state],
        received_on=app.received_on,
        due_on=None if app.state in TERMINAL else app.due_on,
        concluded_on=app.concluded_on,
        outcome=outcome_label(app.report_row),
        steps=[PublicStep(e.on, EVENT_NAMES[e.kind]) for e in app.events],
    )


def outcome_label(report_row: str | None) -> str | None:
    """The result row in words an applicant reads: 不予公开·保护第三方合法权益."""
    if report_row is None:
        return None
    row = fmt.APPLICATION_ROW_BY_KEY.get(report_row)
    if row is None:
        return None
    label = re.sub(r"^\d．|^（[一二三四五六七]）", "", row.label)
    label = label.split("（")[0]
    if row.group and row.group.startswith("（") and "三、" not in row.group:
        return row.group.split("）")[-1] + "·" + label
    return label


# ---------------------------------------------------------------- checks


def _checked(session: Session, form: OnlineForm, now: datetime) -> tuple[int, NewApplication]:
    bad: dict[str, str] = {}
    typed = form.agency_id.strip()
    agency_id = int(typed) if typed.isascii() and typed.isdigit() and len(typed) < 19 else 0
    agency = session.get(Agency, agency_id) if agency_id else None
    if agency is None or agency.archived_at is not None:
        bad["agency_id"] = "请选择受理申请的机关。"
    if form.applicant_type not in APPLICANT_TYPE_NAMES:
        bad["applicant_type"] = "请选择申请人类型。"
    name = form.name.strip()
    if not name:
        bad["name"] = "请填写申请人姓名或者单位名称。"
    elif len(name) > 200:
        bad["name"] = "姓名或名称过长（最多200个字）。"
    if form.id_kind not in ID_KINDS:
        bad["id_kind"] = "请选择身份证明的种类。"
    number = form.id_number.strip().upper()
    if not number:
        bad["id_number"] = "请填写身份证明号码（《条例》第二十九条要求提供身份证明）。"
    elif form.id_kind == "居民身份证" and not _ID_CARD.match(number):
        bad["id_number"] = "居民身份证号码应为18位（最后一位可以是X）。"
    elif form.id_kind == "统一社会信用代码" and not _CREDIT_CODE.match(number):
        bad["id_number"] = "统一社会信用代码应为18位数字或大写字母。"
    elif len(number) > 64:
        bad["id_number"] = "证件号码过长。"
    phone, email, post = form.phone.strip(), form.email.strip(), form.address.strip()
    if not (phone or email or post):
        bad["contact"] = "请至少填写一种联系方式（电话、电子邮箱或通信地址）。"
    if phone and not _PHONE.match(phone):
        bad["phone"] = "电话号码格式不对。"
    if email and (not _EMAIL.match(email) or len(email) > 100):
        bad["email"] = "电子邮箱格式不对。"
    if len(post) > 150:
        bad["address"] = "通信地址过长（最多150个字）。"
    content = form.content.strip()
    if len(content) < 5:
        bad["content"] = "请写明所需政府信息的名称、文号或者便于查询的其他特征性描述。"
    elif len(content) > 5000:
        bad["content"] = "申请内容过长（最多5000字）；内容较多的，请分项提出申请。"
    if form.form not in FORMS:
        bad["form"] = "请选择获取信息的形式。"
    if form.delivery not in DELIVERIES:
        bad["delivery"] = "请选择获取信息的方式。"
    if form.delivery == "电子邮件" and not email:
        bad["email"] = "选择以电子邮件获取的，请填写电子邮箱。"
    if form.delivery == "邮寄" and not post:
        bad["address"] = "选择邮寄的，请填写通信地址。"
    if bad:
        raise OnlineError(
            f"申请未提交：有{len(bad)}处需要修改。", "请按各项下方的提示修改后重新提交。", bad
        )
    contact = "；".join(
        f"{label}：{value}"
        for label, value in (("电话", phone), ("电子邮箱", email), ("通信地址", post))
        if value
    )
    new = NewApplication(
        applicant=Applicant(form.applicant_type, name, form.id_kind, number, contact),
        channel="online",
        arrived_at=now,
        content=content,
        form=form.form,
        delivery=form.delivery,
    )
    return agency_id, new


def _key(address: str) -> str:
    return ("public:" + address)[:64]


def _refuse_when_busy(
    session: Session, mark: str, address: str, since: datetime, limit: int
) -> None:
    count = session.scalar(
        select(func.count()).where(
            LoginAttempt.login == mark,
            LoginAttempt.address == _key(address),
            LoginAttempt.at >= since,
        )
    )
    if int(count or 0) >= limit:
        if mark == _TRACK_MARK:
            raise OnlineError(
                "查询次数过多，请稍后再试。", "请在15分钟后重新查询，并核对查询码是否输入正确。"
            )
        raise OnlineError(
            "提交过于频繁，请稍后再试。",
            "同一网络地址每小时最多在线提交10件申请；如需提交更多，请稍后再试或以书面形式提出。",
        )
