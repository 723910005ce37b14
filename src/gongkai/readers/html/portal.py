"""Cutting the report out of a portal page: from its title to its last words, minus the chrome."""

from __future__ import annotations

import re
from typing import Any

from gongkai.readers.html.walker import Rec, squash
from gongkai.report import format as fmt

_KEYWORDS = {s.numeral: s.keywords for s in fmt.SECTIONS}
_HEADING = re.compile(r"^([一二三四五六])\s*[、.．，,]")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年|二[〇零○O][〇零○O一二三四五六七八九]{2}年")
_CRUMB = re.compile(r"[>＞»]|当前位置|您的位置|所在位置")
_TRAILER = re.compile(
    r"打印|关闭|分享|收藏|扫一扫|浏览次数|访问量|阅读数|上一篇|下一篇|相关(?:链接|文章|信息|阅读)"
    r"|网站标识码|ICP|备案|版权所有|主办单位|承办单位|技术支持|字号|返回顶部|纠错"
)


def _is_heading(text: str) -> bool:
    m = _HEADING.match(text)
    return m is not None and len(text) <= 60 and any(k in text for k in _KEYWORDS[m[1]])


def _is_title(rec: Rec) -> bool:
    text = rec.cells[0]
    return (
        not rec.row
        and not rec.link
        and len(text) <= 80
        and "报告" in text
        and "公开" in text
        and not _CRUMB.search(text)
        and bool(_YEAR.search(text))
    )


def select(records: list[Rec], page_title: str) -> list[Rec]:
    """The report out of the page: from its title to its last words, inside the smallest element
    that holds the title, the section headings and the report's tables."""
    headings = [i for i, r in enumerate(records) if not r.row and _is_heading(r.cells[0])]
    tables = [i for i, r in enumerate(records) if r.report]
    anchors = sorted(headings + tables)
    if len(anchors) < 2:
        return records
    first = anchors[0]
    title = next((i for i in range(first, -1, -1) if _is_title(records[i])), None)
    owners = [records[i].owner for i in ([title] if title is not None else []) + anchors]
    common = _common_ancestor(owners)
    memo: dict[int, bool] = {}

    def inside(rec: Rec) -> bool:
        """Under the common ancestor; the records there are one run in document order."""
        key = id(rec.owner)
        if key not in memo:
            el = rec.owner
            memo[key] = el is common or any(a is common for a in el.iterancestors())
        return memo[key]

    begin = title if title is not None else first
    while title is None and begin > 0 and inside(records[begin - 1]):
        begin -= 1
    end = anchors[-1] + 1
    while end < len(records) and inside(records[end]):
        end += 1
    while end > anchors[-1] + 1 and _is_chrome(records[end - 1]):
        end -= 1  # print/close/share links and the like after the report
    head = [r for r in records[begin + 1 : first] if not _is_chrome(r)]  # an info bar
    kept = [*records[begin : begin + 1], *head, *records[first:end]]
    if title is None:
        heading = _page_title(page_title)
        if heading:
            kept.insert(0, Rec((heading,), None))
    return kept


def _is_chrome(rec: Rec) -> bool:
    return rec.link or (
        not rec.row and len(rec.cells[0]) <= 80 and bool(_TRAILER.search(rec.cells[0]))
    )


def _page_title(text: str) -> str | None:
    """The report's title from <title>, where portals add the site: "报告名_某某县人民政府"."""
    for part in re.split(r"\s*[_|｜—-]{1,2}\s*", squash(text)):
        if "报告" in part and _YEAR.search(part):
            return part
    return None


def _common_ancestor(elements: list[Any]) -> Any:
    chains = [[el, *el.iterancestors()][::-1] for el in elements]
    common = chains[0][0]
    for level in zip(*chains, strict=False):
        if any(el is not level[0] for el in level):
            break
        common = level[0]
    return common
