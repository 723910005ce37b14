"""The typography of a Chinese official document (GB/T 9704-2012), shared by every backend.

Word and WPS users expect the font names of their own machines (仿宋_GB2312, 黑体…); the DOCX
names those. On this machine they do not exist, so `fonts.conf` beside this module maps them to
the Noto CJK fonts for LibreOffice and WeasyPrint, and the HTML names both.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Font:
    east_asian: str  # the name Word/WPS know
    fallbacks: tuple[str, ...]  # what a browser or WeasyPrint may find instead
    size_pt: float


TITLE = Font("方正小标宋简体", ("华文中宋", "宋体", "Noto Serif CJK SC", "serif"), 22)  # 二号
HEADING_1 = Font("黑体", ("SimHei", "Noto Sans CJK SC", "sans-serif"), 16)  # 三号
HEADING_2 = Font("楷体_GB2312", ("楷体", "KaiTi", "Noto Serif CJK SC", "serif"), 16)
BODY = Font("仿宋_GB2312", ("仿宋", "FangSong", "Noto Serif CJK SC", "serif"), 16)  # 三号
TABLE = Font("宋体", ("SimSun", "Noto Serif CJK SC", "serif"), 10.5)  # 五号
TABLE_SMALL = Font("宋体", ("SimSun", "Noto Serif CJK SC", "serif"), 9)  # 小五: table 三's labels
LATIN = "Times New Roman"

# A4, margins of GB/T 9704 (天头 37 mm, 订口 28 mm); 28 lines of 28 characters.
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 37, 35, 28, 26
LINE_SPACING_PT = 28.95
FIRST_LINE_INDENT_CHARS = 2
MARK_COLOUR = "FFF2CC"  # changed cells in a comparison: a pale yellow that prints in grey
ERROR_COLOUR = "F8D7DA"


def css_family(font: Font) -> str:
    names = (font.east_asian, *font.fallbacks)
    return ", ".join(n if n in ("serif", "sans-serif") else f'"{n}"' for n in names)
