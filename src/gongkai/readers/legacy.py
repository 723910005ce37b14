"""Word 97-2003 (.doc), WPS (.wps) and RTF -> Document, through LibreOffice and the DOCX reader.

No Python library reads these formats well; LibreOffice does. Each conversion runs `soffice
--headless --convert-to docx` in a private temporary directory with its own user profile (two
conversions sharing a profile fail), in its own process group so that a timeout kills
LibreOffice and every helper it started; the directory is always removed. An encrypted .docx is
an OLE file too (it holds an "EncryptedPackage" stream): it is recognised here and refused
without starting LibreOffice.

`soffice()` finds LibreOffice: the GONGKAI_SOFFICE environment variable when set (a path, which
may name a missing program: then we say LibreOffice is missing), else `soffice`/`libreoffice`
on PATH, else /usr/bin/soffice.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from gongkai.errors import InputError
from gongkai.readers.docx import parse_docx
from gongkai.readers.layout import Document

TIMEOUT_S = 60.0
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RTF = b"{\\rtf"
ENV = "GONGKAI_SOFFICE"
_MISSING_HINT = (
    "请安装 LibreOffice（Debian/Ubuntu：apt-get install libreoffice-writer-nogui），"
    "或在 Word/WPS 中将文件另存为 .docx 后再读取"
)


def soffice() -> str | None:
    """The LibreOffice program to run, or None when it is not installed."""
    configured = os.environ.get(ENV)
    if configured is not None:
        path = Path(configured)
        return str(path) if path.is_file() and os.access(path, os.X_OK) else None
    for candidate in ("soffice", "libreoffice"):
        found = shutil.which(candidate)
        if found:
            return found
    return "/usr/bin/soffice" if os.access("/usr/bin/soffice", os.X_OK) else None


def parse_legacy(data: bytes, name: str) -> Document:
    """A .doc, .wps or .rtf file -> Document, converted to .docx by LibreOffice first."""
    return parse_docx(convert(data, name), name)


def _streams(data: bytes) -> set[str]:
    """Which of the streams that tell OLE files apart this one names (directory entries are
    UTF-16 names; a byte search is enough to tell a Word file from an Excel or encrypted one)."""
    return {s for s in _OLE_STREAMS if s.encode("utf-16-le") in data}


_OLE_STREAMS = (
    "EncryptedPackage",
    "WordDocument",
    "CONTENTS",
    "Workbook",
    "Book",
    "PowerPoint Document",
)
_OTHER_OLE = {
    "Workbook": "Excel 表格（.xls）",
    "Book": "Excel 表格（.xls）",
    "PowerPoint Document": "PowerPoint 演示文稿（.ppt）",
}


def _input_filter(data: bytes, name: str) -> str | None:
    """LibreOffice's import filter for the file (forced, so that junk is not imported as plain
    text), or an InputError for what is not a word-processing file."""
    if data.startswith(RTF):
        return "Rich Text Format"
    streams = _streams(data) if data.startswith(OLE) else set()
    if "EncryptedPackage" in streams:
        raise InputError(
            f"{name}：文件已加密（设有打开密码），无法读取",
            "请在 Word/WPS 中输入密码打开，取消密码后另存为 .docx 再读取",
        )
    if "WordDocument" in streams:
        return "MS Word 97"
    if "CONTENTS" in streams:
        return None  # Microsoft Works .wps: LibreOffice detects it
    other = next((_OTHER_OLE[s] for s in _OTHER_OLE if s in streams), None)
    raise InputError(
        f"{name}：{f'这是{other}，' if other else ''}不是有效的 Word 97-2003、WPS 或 RTF 文档",
        "请确认文件是否完整、是否选对了文件；也可在 Word/WPS 中将其另存为 .docx 后再读取",
    )


def convert(data: bytes, name: str, timeout: float = TIMEOUT_S) -> bytes:
    """The file as .docx bytes, converted by LibreOffice in a private directory."""
    infilter = _input_filter(data, name)
    program = soffice()
    if program is None:
        raise InputError(f"{name}：读取 .doc/.wps 文件需要安装 LibreOffice", _MISSING_HINT)
    work = Path(tempfile.mkdtemp(prefix="gongkai-lo-"))
    try:
        source = work / ("input.rtf" if data.startswith(RTF) else "input.doc")
        source.write_bytes(data)
        out = work / "out"
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            *([f"--infilter={infilter}"] if infilter else []),
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ]
        env = {**os.environ, "HOME": str(work)}
        code = _run(command, env, timeout, name)
        result = out / "input.docx"
        if code != 0 or not result.is_file() or result.stat().st_size == 0:
            raise InputError(
                f"{name}：LibreOffice 无法转换此文件{f'（退出码 {code}）' if code else ''}，"
                "文件可能已加密或已损坏",
                "请用 Word/WPS 打开确认文件正常（如设有密码请先取消），另存为 .docx 后再读取",
            )
        return result.read_bytes()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(command: list[str], env: dict[str, str], timeout: float, name: str) -> int:
    """Run LibreOffice in its own process group; on timeout kill the whole group."""
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
    except OSError as err:
        raise InputError(f"{name}：无法启动 LibreOffice（{err.strerror}）", _MISSING_HINT) from err
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired as err:
        raise InputError(
            f"{name}：LibreOffice 转换超过 {timeout:.0f} 秒仍未完成，已终止",
            "文件可能过大或已损坏；请在 Word/WPS 中另存为 .docx 后再读取",
        ) from err
    finally:
        _kill_group(process.pid)  # also after a normal exit: helpers may linger
        process.wait()


def _kill_group(pid: int) -> None:
    """Kill what is left of the conversion's process group (LibreOffice forks helpers)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
