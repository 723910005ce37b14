"""Word 97-2003, WPS and RTF through LibreOffice: files LibreOffice itself wrote from our DOCX
read back to the same report; what cannot be converted is refused in Chinese, naming the file."""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

import pytest

from gongkai.errors import InputError
from gongkai.readers import read_bytes, read_report, sniff
from gongkai.readers.legacy import ENV, OLE, convert, parse_legacy, soffice
from gongkai.report import codec
from gongkai.report.model import AnnualReport
from tests.conftest import SAMPLES
from tests.readers import docx_fixtures as fx

SAMPLE = SAMPLES / "001_7e39dacb3fc4a107.txt"


def plain(report: AnnualReport) -> dict[str, object]:
    data = codec.to_dict(report)
    data.pop("extra", None)
    return data


@pytest.fixture(scope="session")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The sample's DOCX as LibreOffice writes it to .doc and to .rtf (one process each)."""
    folder = tmp_path_factory.mktemp("legacy")
    source = folder / "report.docx"
    source.write_bytes(fx.render(read_report(SAMPLE).report))
    doc = fx.libreoffice([source], "doc", folder / "doc")[0]
    rtf = fx.libreoffice([source], "rtf", folder / "rtf")[0]
    return {"doc": doc.read_bytes(), "rtf": rtf.read_bytes()}


@pytest.mark.parametrize(
    ("kind", "name"), [("doc", "年报.doc"), ("doc", "年报.wps"), ("rtf", "年报.rtf")]
)
def test_legacy_files_read_back_to_the_text_reading(
    converted: dict[str, bytes], kind: str, name: str
) -> None:
    data = converted[kind]
    assert sniff(data, "x.bin") == "legacy"
    assert plain(read_bytes(data, name).report) == plain(read_report(SAMPLE).report)


def test_a_doc_keeps_the_table_places(converted: dict[str, bytes]) -> None:
    report = read_bytes(converted["doc"], "年报.doc").report
    assert report.extra["provenance"]["applications.new[0]"] == {"table": 2, "row": 4, "cell": 4}


def test_two_conversions_at_once_both_succeed(converted: dict[str, bytes]) -> None:
    """Each conversion has its own LibreOffice profile; a shared one makes one of them fail."""
    results: list[bytes | Exception] = []

    def work() -> None:
        try:
            results.append(convert(converted["doc"], "年报.doc"))
        except Exception as err:  # collected for the assertion below
            results.append(err)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [type(r) for r in results] == [bytes, bytes]


def _leftovers() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("gongkai-lo-*")}


def test_a_conversion_past_its_time_is_killed_and_cleaned_up(converted: dict[str, bytes]) -> None:
    before = _leftovers()
    with pytest.raises(InputError) as caught:
        convert(converted["doc"], "年报.doc", timeout=0.2)
    assert "已终止" in caught.value.message and "年报.doc" in caught.value.message
    assert _leftovers() == before


def test_without_libreoffice_the_message_says_to_install_it(
    converted: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, "/nonexistent/soffice")
    assert soffice() is None
    with pytest.raises(InputError) as caught:
        parse_legacy(converted["doc"], "年报.doc")
    assert "读取 .doc/.wps 文件需要安装 LibreOffice" in caught.value.message
    assert "libreoffice-writer-nogui" in caught.value.hint and ".docx" in caught.value.hint


def test_the_configured_program_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    program = soffice()
    assert program is not None and os.access(program, os.X_OK)
    monkeypatch.setenv(ENV, program)
    assert soffice() == program


def _ole(*streams: str) -> bytes:
    """An OLE header and directory entry names: enough to tell the kinds of OLE file apart."""
    return OLE + bytes(504) + b"".join(s.encode("utf-16-le").ljust(64, b"\0") for s in streams)


def test_an_encrypted_docx_is_named_without_starting_libreoffice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV, "/nonexistent/soffice")  # would say "install LibreOffice" if used
    data = _ole("Root Entry", "EncryptionInfo", "EncryptedPackage")
    assert sniff(data, "年报.docx") == "legacy"
    with pytest.raises(InputError) as caught:
        read_bytes(data, "年报.docx")
    assert "文件已加密（设有打开密码）" in caught.value.message
    assert "年报.docx" in caught.value.message and "密码" in caught.value.hint


def test_an_excel_97_file_is_named_as_such() -> None:
    with pytest.raises(InputError) as caught:
        read_bytes(_ole("Root Entry", "Workbook"), "年报.doc")
    assert "Excel" in caught.value.message and caught.value.hint


def test_junk_behind_an_ole_header_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        read_bytes(OLE + os.urandom(4000), "年报.doc")
    assert "不是有效的 Word 97-2003、WPS 或 RTF 文档" in caught.value.message


def test_a_word_97_file_libreoffice_cannot_load_is_refused_naming_it() -> None:
    data = _ole("Root Entry", "WordDocument", "1Table") + os.urandom(4000)
    with pytest.raises(InputError) as caught:
        read_bytes(data, "损坏的年报.doc")
    assert "损坏的年报.doc：LibreOffice 无法转换此文件" in caught.value.message
    assert "另存为 .docx" in caught.value.hint
