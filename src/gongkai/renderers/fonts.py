"""Make the Chinese font names resolve on this machine, and say clearly when no CJK font exists.

Without CJK fonts WeasyPrint and LibreOffice draw empty boxes and raise nothing, so the PDF path
checks first and refuses with a message that says what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

from gongkai.errors import GongkaiError

FONTS_CONF = Path(__file__).with_name("fonts.conf")


class FontsMissing(GongkaiError):
    """No font on the machine can draw Chinese."""


def use_project_fonts() -> None:
    """Point fontconfig at fonts.conf (宋体/仿宋_GB2312/黑体 → Noto CJK) unless the user set one."""
    os.environ.setdefault("FONTCONFIG_FILE", str(FONTS_CONF))


@cache
def chinese_fonts() -> tuple[str, ...]:
    """Families fontconfig knows that cover Chinese; empty when none is installed."""
    use_project_fonts()
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return ()
    out = subprocess.run(
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False, timeout=30
    ).stdout
    return tuple(sorted({f.strip() for line in out.splitlines() for f in line.split(",") if f}))


def require_chinese_fonts() -> None:
    if not chinese_fonts():
        raise FontsMissing(
            "本机没有可显示中文的字体，生成的 PDF 会出现方框",
            "请安装中文字体（Debian：apt-get install fonts-noto-cjk，或运行 make setup）后重试",
        )
