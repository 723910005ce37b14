"""Printed row labels -> row keys of the national format, by key words, never by position.

Matching is exact on the distinctive key words of `format` first (the longest key word found
wins, so "其他法律行政法规禁止公开" is not "其他"), then fuzzy for misprints and OCR slips
("其他法律行政止公开", "属于国家秘蜜"). Results are cached: the same labels recur in every report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from gongkai.readers.recognize.normalize import squash
from gongkai.report import format as fmt

_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d{1,2}[.、]|[.、])+"
)
_NOISE = re.compile(r"[\"'“”‘’:：,，.。、;；()（）\[\]/\s]")
# Labels that are printed in the tables but name no row: group labels and column headers. They
# take part in fuzzy matching so that "不予公开" is recognised as a group, not as "予以公开".
DECOYS = (
    "本年度办理结果",
    "不予公开",
    "无法提供",
    "不予处理",
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "信息内容",
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年处理决定数量",
    "本年收费金额",
    "单位万元",
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增减",
    "处理决定数量",
    "采购项目数量",
    "采购总金额",
    "行政复议",
    "行政诉讼",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "未经复议直接起诉",
    "复议后起诉",
)
_DECOYS_LONGEST_FIRST = sorted(DECOYS, key=len, reverse=True)
_ARTICLE = re.compile(r"第二十条第\(?[一二三四五六七八九十]+\)?项")
_MARKER = re.compile(r"[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d{1,2}[.、]")
GENERIC = frozenset({"其他", "总计"})
FUZZY_MIN = 0.72
FUZZY_MARGIN = 0.08


@dataclass(frozen=True, slots=True)
class Candidate:
    key: str
    keywords: tuple[str, ...]
    core: str  # the label without numbering and punctuation, for fuzzy matching
    item: int | None


@dataclass(frozen=True, slots=True)
class RowMatch:
    key: str
    item: int | None
    exact: bool
    score: float
    bare: bool = False  # the label is only "其他" or "总计": a row, or a column header


def _core(label: str) -> str:
    s = squash(label)
    s = _NUMBERING.sub("", s)
    s = re.sub(r"\(区分处理的.*\)$", "", s)
    return _NOISE.sub("", s)


def _fuzzy_core(label: str) -> str:
    """The label without what run-together text glues before it: the header words, the article
    ("第二十条第（五）项") and anything before the label's own list number."""
    s = _ARTICLE.sub("", squash(label))
    marks = list(_MARKER.finditer(s))
    s = _core(s[marks[-1].start() :] if marks else s)
    for decoy in _DECOYS_LONGEST_FIRST:
        s = s.replace(decoy, "")
    return s


def _similarity(core: str, candidate: str) -> float:
    """How alike a printed label and a row's label are; a long label cut short by a line break
    ("申请人无正当理由逾期不补正、" of a longer row) is compared with the row label's beginning."""
    ratio = SequenceMatcher(None, core, candidate).ratio()
    if 8 <= len(core) < len(candidate):
        ratio = max(ratio, SequenceMatcher(None, core, candidate[: len(core)]).ratio())
    return ratio


def _item(label: str) -> int | None:
    m = re.match(r"^(\d)[.．、]", label)
    return int(m[1]) if m else None


CANDIDATES: dict[str, tuple[Candidate, ...]] = {
    "applications": tuple(
        Candidate(r.key, r.keywords, _core(r.label), r.item) for r in fmt.APPLICATION_ROWS
    ),
    "proactive": tuple(
        Candidate(r.key, r.keywords, _core(r.label), None)
        for r in {row.key: row for t in fmt.TEMPLATES for row in fmt.PROACTIVE[t]}.values()
    ),
}


@lru_cache(maxsize=16384)
def match_row(table: str, label: str) -> RowMatch | None:
    """The row a printed label names in `table`, or None for headers, group labels and noise."""
    candidates = CANDIDATES.get(table, ())
    core = _core(label)
    rest = _fuzzy_core(label)
    if not core or not rest:
        return None  # empty, or only column headers and group labels
    best: tuple[int, Candidate] | None = None
    for cand in candidates:
        for kw in cand.keywords:
            # a generic word ("其他", "总计") names a row only when it is the whole label
            hit = core == kw if kw in GENERIC else kw in core
            if hit and (best is None or len(kw) > best[0]):
                best = (len(kw), cand)
    if best is not None:
        return RowMatch(best[1].key, best[1].item, True, 1.0, squash(label) in GENERIC)
    core = rest
    if not 2 <= len(core) <= 40:
        return None
    scored = sorted(((_similarity(core, c.core), c) for c in candidates), key=lambda sc: -sc[0])
    if not scored:
        return None
    top, cand = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    decoy = max(SequenceMatcher(None, core, d).ratio() for d in DECOYS)
    if top >= FUZZY_MIN and top - max(runner_up, decoy) >= FUZZY_MARGIN:
        return RowMatch(cand.key, cand.item, False, round(top, 3))
    return None
