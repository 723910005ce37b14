"""Text normalisation shared by every stage: one place that knows the printing accidents.

NFKC folds full-width digits, brackets and the Kangxi radicals (U+2F00–2FD5) that some PDF
producers emit; a small map covers the CJK radical supplement that NFKC leaves alone. `squash`
additionally removes all white space, which is what label matching wants ("自 然 人" → "自然人").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Look-alike radicals some PDF producers emit for ordinary characters (⼈ for 人, ⺠ for 民):
# the Kangxi radicals by NFKC, the CJK radical supplement by hand (NFKC leaves it alone).
_SUPPLEMENT = dict(
    zip(
        "⺠⻚⻓⻔⻛⻋⻅⻆⻄⻢⻩⻬⻰⻜⻝⺟⺁⺈⺌⺮⺰⻈⻉⻌⻐⻙⻠⻥⻦⻧⻨⻪⻮⻳⻘⻣⻤⻑",
        "民页长门风车见角西马黄齐龙飞食母厂刀小竹纟讠贝辶钅韦饣鱼鸟卤麦黾齿龟青骨鬼長",
        strict=True,
    )
)
LOOKALIKES = str.maketrans(
    {
        **{chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FD6)},
        **_SUPPLEMENT,
    }
)
_RADICALS = str.maketrans(
    {
        **_SUPPLEMENT,
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


def unradical(text: str) -> str:
    """Look-alike radicals read as the characters they stand for; all else as printed."""
    return text.translate(LOOKALIKES)


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
