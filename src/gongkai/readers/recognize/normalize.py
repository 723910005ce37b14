"""Text normalisation shared by every stage: one place that knows the printing accidents.

NFKC folds full-width digits, brackets and the Kangxi radicals (U+2F00–2FD5) that some PDF
producers emit; a small map covers the CJK radical supplement that NFKC leaves alone. `squash`
additionally removes all white space, which is what label matching wants ("自 然 人" → "自然人").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_RADICALS = str.maketrans(
    {
        "⺠": "民",
        "⻚": "页",
        "⻓": "长",
        "⻔": "门",
        "⻛": "风",
        "⻋": "车",
        "⻅": "见",
        "⻆": "角",
        "⻄": "西",
        "⻢": "马",
        "⻩": "黄",
        "⻬": "齐",
        "⻰": "龙",
        "⻜": "飞",
        "⻝": "食",
        "⺟": "母",
        "⺁": "厂",
        "⺈": "刀",
        "⺌": "小",
        "⺮": "竹",
        "\u3000": " ",
        "\xa0": " ",
        "“": '"',
        "”": '"',
        "〝": '"',
        "〞": '"',
        "‘": "'",
        "’": "'",
        "〔": "[",
        "〕": "]",
        "【": "[",
        "】": "]",
        "—": "-",
        "–": "-",
        "―": "-",
        "−": "-",
        "﹣": "-",
        "·": ".",
        "•": ".",
    }
)
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\ufeff]")


@lru_cache(maxsize=65536)
def clean(text: str) -> str:
    """NFKC, radicals and quotes folded, control characters dropped, runs of space made one."""
    text = unicodedata.normalize("NFKC", text).translate(_RADICALS)
    text = _CONTROL.sub("", text)
    return _SPACE.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def squash(text: str) -> str:
    """`clean` without any white space: the form labels are compared in."""
    return _SPACE.sub("", clean(text))
