"""Letter templates: the kinds of letter, their variables, and a sandboxed Jinja2 renderer.

A template is plain text (Jinja2, sandboxed, undefined variables are errors, no HTML escaping:
the renderers escape for their own format). Conventions, the same for the packaged defaults in
this folder and for an administrator's own:

- the first non-empty line is the letter's title;
- the rest is the text; paragraphs are separated by blank lines, and the lines of one paragraph
  are joined without a space (Chinese needs none), so long lines may be wrapped;
- the first paragraph is the addressee line ("张三："), printed flush left;
- the 文号, the signature (agency name) and the date are added by code, not written here;
- Jinja block tags ({% if %}, {% for %}) on a line of their own leave no blank line behind.

Every value a template sees is already text: dates as "2025年10月9日", lists of text for the
correction items. Nothing here touches the database (see `letters.py` for the service).
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from importlib import resources
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, meta, nodes
from jinja2.sandbox import SandboxedEnvironment

from gongkai.errors import GongkaiError
from gongkai.renderers.document import clean
from gongkai.workbench.calendar import format_date
from gongkai.workbench.lifecycle import EventKind

MAX_SOURCE = 20_000  # characters of template text
MAX_OUTPUT = 200_000  # characters a rendered letter may have
MAX_TITLE = 50


class LetterKind(StrEnum):
    ACCEPTANCE = "acceptance"
    CORRECTION = "correction"
    EXTENSION = "extension"
    CONSULTATION = "consultation"
    FEE = "fee"
    REPLY = "reply"
    CLOSING = "closing"

    @property
    def label(self) -> str:
        return KIND_NAMES[self]


KIND_NAMES: Mapping[LetterKind, str] = {
    LetterKind.ACCEPTANCE: "受理回执",
    LetterKind.CORRECTION: "补正告知书",
    LetterKind.EXTENSION: "延期答复告知书",
    LetterKind.CONSULTATION: "征求第三方意见函",
    LetterKind.FEE: "收费通知",
    LetterKind.REPLY: "答复书",
    LetterKind.CLOSING: "终止处理告知书",
}

_E = EventKind
# The timeline event each letter is written for.
EVENT_LETTERS: Mapping[EventKind, LetterKind] = {
    _E.REGISTER: LetterKind.ACCEPTANCE,
    _E.REQUEST_CORRECTION: LetterKind.CORRECTION,
    _E.EXTEND: LetterKind.EXTENSION,
    _E.CONSULT_THIRD_PARTY: LetterKind.CONSULTATION,
    _E.ISSUE_FEE_NOTICE: LetterKind.FEE,
    _E.DECIDE: LetterKind.REPLY,
    _E.ANSWER_ON_SPOT: LetterKind.REPLY,
    _E.CORRECTION_EXPIRED: LetterKind.CLOSING,
    _E.FEE_EXPIRED: LetterKind.CLOSING,
    _E.WITHDRAW: LetterKind.CLOSING,
}

COMMON: Mapping[str, str] = {
    "agency": "机关名称",
    "doc_number": "文号",
    "applicant": "申请人姓名或名称",
    "number": "登记编号",
    "tracking_code": "查询码",
    "received_on": "收到申请之日",
    "content": "申请内容",
    "letter_date": "文书日期",
}
_OUTCOME: Mapping[str, str] = {
    "outcome": "办理结果（年度报告表三的栏目）",
    "article": "依据条款，如“第三十六条第（二）项”",
    "citation": "引用依据，如“根据《中华人民共和国政府信息公开条例》第十四条的规定”",
    "decision": "答复决定（含依据的完整句子）",
    "reason": "补充说明的理由（可为空）",
    "where": "获取信息的方式、途径（可为空）",
    "competent_agency": "负责公开该信息的机关（可为空）",
    "remedy": "救济途径告知（行政复议60日、行政诉讼6个月；不适用时为空）",
}
VARIABLES: Mapping[LetterKind, Mapping[str, str]] = {
    LetterKind.ACCEPTANCE: {
        **COMMON,
        "channel": "申请方式",
        "reply_due": "答复期限届满之日（收到申请之日起20个工作日）",
    },
    LetterKind.CORRECTION: {
        **COMMON,
        "correction_items": "需要补正的事项（列表）",
        "correction_until": "补正期限届满之日（可为空）",
    },
    LetterKind.EXTENSION: {
        **COMMON,
        "extension_days": "延长的工作日数",
        "original_due": "原答复期限",
        "new_due": "延长后的答复期限",
        "reason": "延期理由（可为空）",
    },
    LetterKind.CONSULTATION: {
        **COMMON,
        "party": "第三方名称",
        "consultation_due": "第三方提出意见的期限（15个工作日）",
    },
    LetterKind.FEE: {
        **COMMON,
        "fee_basis": "收费依据（收费办法）",
        "fee_method": "计费方式（按件或按量）",
        "fee_amount": "金额（元）",
        "fee_explanation": "计算过程",
        "fee_due": "缴费期限（收到通知次日起20个工作日）",
        "payment": "缴费方式",
    },
    LetterKind.REPLY: {**COMMON, **_OUTCOME},
    LetterKind.CLOSING: {
        **COMMON,
        **_OUTCOME,
        "correction_date": "补正告知书的日期（可为空）",
        "correction_until": "补正期限（可为空）",
        "fee_notice_date": "收费通知的日期（可为空）",
        "fee_due": "缴费期限（可为空）",
    },
}

# What `check` renders a template with: every variable of every kind, with a plausible value.
SAMPLE: Mapping[str, Any] = {
    "agency": "桐庐县教育局",
    "doc_number": "桐庐县教育局〔2025〕第12号 依申请公开",
    "applicant": "张三",
    "number": "2025-00012",
    "tracking_code": "ABCD2345EFGH",
    "received_on": "2025年9月22日",
    "content": "2025年义务教育招生计划",
    "letter_date": "2025年10月9日",
    "channel": "当面提交",
    "reply_due": "2025年10月24日",
    "correction_items": ["请写明所需信息的名称或文号", "请提供身份证明"],
    "correction_until": "2025年10月15日",
    "extension_days": 20,
    "original_due": "2025年10月24日",
    "new_due": "2025年11月21日",
    "reason": "所需信息涉及多个科室，需要进一步查找",
    "party": "某某教育科技有限公司",
    "consultation_due": "2025年10月31日",
    "fee_basis": "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    "fee_method": "按量",
    "fee_amount": 700,
    "fee_explanation": "第1–30页：30页，免费；第31–100页：70页×10元＝700元；合计700元。",
    "fee_due": "2025年11月7日",
    "payment": "政府非税收入收缴渠道",
    "outcome": "（一）予以公开",
    "article": "第三十六条第（二）项",
    "citation": "根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定",
    "decision": "根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，"
    "本机关决定向您公开所申请的政府信息。",
    "where": "本机关门户网站“政府信息公开”栏目",
    "competent_agency": "桐庐县民政局",
    "remedy": "如对本答复不服，可以在收到本答复之日起60日内依法申请行政复议，"
    "或者在6个月内依法向人民法院提起行政诉讼。",
    "correction_date": "2025年9月24日",
    "fee_notice_date": "2025年10月9日",
}


class TemplateProblem(GongkaiError):
    """A letter template that does not compile, uses an unknown variable, or renders no letter."""


@dataclass(frozen=True, slots=True)
class Rendered:
    title: str
    addressee: str
    paragraphs: tuple[str, ...]


def default_template(kind: LetterKind) -> str:
    """The packaged template of `kind` (a .txt file beside this module)."""
    return (resources.files(__name__) / f"{kind.value}.txt").read_text(encoding="utf-8")


def letter_kind(value: str) -> LetterKind:
    """A kind by key or by Chinese name; TemplateProblem listing the kinds otherwise."""
    text = value.strip()
    for kind in LetterKind:
        if text in (kind.value, kind.label):
            return kind
    raise TemplateProblem(
        f"未知的文书种类“{value}”。",
        "可选：" + "、".join(f"{k.value}（{k.label}）" for k in LetterKind) + "。",
    )


_ENV = SandboxedEnvironment(
    undefined=StrictUndefined,
    autoescape=False,
    trim_blocks=True,
    lstrip_blocks=True,
    finalize=lambda value: "" if value is None else value,
)


def check(kind: LetterKind, source: str) -> Rendered:
    """Compile `source` and render it against SAMPLE: what an administrator's template must pass
    before it is saved. Raises TemplateProblem naming the line, the variable, the allowed ones."""
    return render(kind, source, {k: SAMPLE[k] for k in VARIABLES[kind]})


def render(kind: LetterKind, source: str, context: Mapping[str, Any]) -> Rendered:
    """`source` filled in with `context`, split into title, addressee and paragraphs."""
    if not isinstance(source, str) or not source.strip():
        raise TemplateProblem(f"{kind.label}模板为空。", "模板第一行是文书标题，其后是正文。")
    if len(source) > MAX_SOURCE:
        raise TemplateProblem(
            f"{kind.label}模板过长（{len(source)}字）。", f"模板不得超过{MAX_SOURCE}字。"
        )
    allowed = VARIABLES[kind]
    try:
        tree = _ENV.parse(source)
    except TemplateSyntaxError as err:
        raise TemplateProblem(
            f"{kind.label}模板第{err.lineno}行有语法错误（{err.message}）。",
            "请检查 {{ }}、{% %} 是否成对，if/for 是否以 endif/endfor 结束。",
        ) from None
    unknown = sorted(meta.find_undeclared_variables(tree) - set(allowed))
    if unknown:
        name = min(unknown, key=lambda n: _first_line(tree, n))
        raise TemplateProblem(
            f"{kind.label}模板第{_first_line(tree, name)}行使用了未知的变量“{name}”。",
            _allowed_hint(allowed),
        )
    try:
        text = _generate(_ENV.from_string(tree), context)
    except TemplateProblem:
        raise
    except TemplateError as err:
        line = _template_line(err)
        raise TemplateProblem(
            f"{kind.label}模板第{line}行无法填写（{err.message or err}）。",
            _allowed_hint(allowed),
        ) from None
    except Exception as err:  # arithmetic and other errors raised inside a template expression
        raise TemplateProblem(
            f"{kind.label}模板第{_template_line(err)}行无法填写（{type(err).__name__}: {err}）。",
            "请简化模板中的表达式。",
        ) from None
    return _split(kind, text)


def _generate(template: Any, context: Mapping[str, Any]) -> str:
    parts: list[str] = []
    size = 0
    for chunk in template.generate(dict(context)):
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise TemplateProblem(
                f"模板生成的文书过长（超过{MAX_OUTPUT}字）。", "请检查模板中的循环。"
            )
        parts.append(chunk)
    return "".join(parts)


_BLANK = re.compile(r"\n\s*\n")


def _split(kind: LetterKind, text: str) -> Rendered:
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    title, _, body = text.partition("\n")
    title = title.strip()
    paragraphs = [
        "".join(line.strip() for line in block.split("\n")) for block in _BLANK.split(body)
    ]
    paragraphs = [p for p in paragraphs if p]
    if not title or len(title) > MAX_TITLE:
        raise TemplateProblem(
            f"{kind.label}模板的第一行应为文书标题（不超过{MAX_TITLE}字），现为“{title[:60]}”。",
            "第一行写标题，空一行后写正文。",
        )
    if not paragraphs:
        raise TemplateProblem(f"{kind.label}模板只有标题，没有正文。", "标题之后请写正文。")
    return Rendered(title, paragraphs[0], tuple(paragraphs[1:]))


def _first_line(tree: nodes.Template, name: str) -> int:
    lines = [n.lineno for n in tree.find_all(nodes.Name) if n.name == name and n.ctx == "load"]
    return min(lines, default=1)


def _template_line(err: BaseException) -> int:
    frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno or 1 if frames else 1


def _allowed_hint(allowed: Mapping[str, str]) -> str:
    return "可以使用的变量：" + "；".join(f"{k}（{v}）" for k, v in allowed.items()) + "。"


# ---------------------------------------------------------------- values for templates


def doc_number(agency: str, number: str, received_on: date) -> str:
    """文号 of an application's letters: "桐庐县教育局〔2025〕第12号 依申请公开" from the
    登记编号 2025-00012; other numbers are kept as written, with the receipt year."""
    match = re.fullmatch(r"(\d{4})-0*(\d+)", number)
    if match:
        return f"{agency}〔{match[1]}〕第{match[2]}号 依申请公开"
    return f"{agency}〔{received_on.year}〕{number}号 依申请公开"


_NUMBERING = re.compile(r"^\s*(?:\d+\s*[.、．)）]|[（(]\d+[)）]|[一二三四五六七八九十]+、)\s*")


def items_of(value: object) -> list[str]:
    """Correction items as a list: one per line, the applicant's own numbering dropped."""
    lines = clean(value).split("\n") if isinstance(value, str) else []
    items = [_NUMBERING.sub("", line).strip() for line in lines]
    return [item for item in items if item]


def inline(value: object) -> str:
    """Free text as it can stand inside a sentence: printable, one line, trimmed."""
    if value is None:
        return ""
    return " ".join(clean(str(value)).split())


def iso_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def date_text(value: object) -> str | None:
    found = iso_date(value)
    return format_date(found) if found is not None else None
