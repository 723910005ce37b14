"""Test support: Word files built on the spot — our renderer's DOCX, edited at the XML level into
the odd structures real reports have, LibreOffice conversions, and zips of any content."""

from __future__ import annotations

import io
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

from gongkai.readers.docx import W
from gongkai.readers.legacy import soffice
from gongkai.renderers.annual import build
from gongkai.renderers.docx import to_docx
from gongkai.report.model import AnnualReport

MAIN = "word/document.xml"
Element = Any


def render(report: AnnualReport) -> bytes:
    return to_docx(build(report))


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def zip_of(files: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return buffer.getvalue()


def edit(data: bytes, change: Callable[[Element], None]) -> bytes:
    """The DOCX with its main part changed in place by `change(root)`."""
    files = entries(data)
    root = etree.fromstring(files[MAIN])
    change(root)
    files[MAIN] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return zip_of(files)


def w(tag: str, **attrs: str) -> Element:
    return etree.Element(W + tag, {W + k: v for k, v in attrs.items()})


def run(text: str, tag: str = "t") -> Element:
    r = w("r")
    t = etree.SubElement(r, W + tag)
    t.text = text
    return r


def tables(root: Element) -> list[Element]:
    return list(root.iter(W + "tbl"))


def value_runs(root: Element) -> list[Element]:
    """The runs of table cells that print a number."""
    return [
        r
        for tbl in tables(root)
        for r in tbl.iter(W + "r")
        if (t := r.find(W + "t")) is not None and (t.text or "").isdigit()
    ]


# ---------------------------------------------------------------- structures found in reports


def wrap_in_layout_table(root: Element) -> None:
    """The whole report inside one cell of a one-cell table, as some offices lay pages out."""
    body = root.find(W + "body")
    blocks = [c for c in body if c.tag != W + "sectPr"]
    tbl = w("tbl")
    tbl.append(w("tblPr"))
    grid = etree.SubElement(tbl, W + "tblGrid")
    grid.append(w("gridCol", w="9000"))
    tc = etree.SubElement(etree.SubElement(tbl, W + "tr"), W + "tc")
    tc.extend(blocks)
    tc.append(w("p"))  # a cell ends with a paragraph
    body.insert(0, tbl)


def split_digits(root: Element) -> None:
    """Every number in the tables typed digit by digit: one run per digit."""
    for r in value_runs(root):
        text = r.find(W + "t").text
        parent, at = r.getparent(), r.getparent().index(r)
        parent.remove(r)
        for k, digit in enumerate(text):
            parent.insert(at + k, run(digit))


def track_changes(root: Element) -> None:
    """Every number corrected with revision marks on: a deleted "9" then the number inserted."""
    for r in value_runs(root):
        parent, at = r.getparent(), r.getparent().index(r)
        deleted = w("del", id="1", author="审核人")
        deleted.append(run("9", "delText"))
        inserted = w("ins", id="2", author="审核人")
        parent.insert(at, deleted)
        parent.remove(r)
        inserted.append(r)
        parent.insert(at + 1, inserted)


def grid_before(root: Element) -> None:
    """Table 三's result rows start with w:gridBefore instead of the merged label's covered cell."""
    for tr in tables(root)[1].iter(W + "tr"):
        first = tr.find(W + "tc")
        merge = first.find(f"{W}tcPr/{W}vMerge")
        if merge is not None and merge.get(W + "val") in (None, "continue"):
            tr.remove(first)
            tr_pr = tr.find(W + "trPr")
            tr_pr.insert(0, w("gridBefore", val="1"))


# ---------------------------------------------------------------- LibreOffice


def libreoffice(sources: list[Path], target: str, out: Path) -> list[Path]:
    """Convert files with LibreOffice (one process, a private profile); the converted paths."""
    program = soffice()
    if program is None:
        raise RuntimeError("LibreOffice (soffice) is required: make system installs it")
    with tempfile.TemporaryDirectory(prefix="gongkai-test-lo-") as profile:
        subprocess.run(
            [
                program,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(out),
                *map(str, sources),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    suffix = "." + target.split(":", maxsplit=1)[0]
    converted = [out / (s.stem + suffix) for s in sources]
    missing = [p for p in converted if not p.is_file()]
    if missing:
        raise RuntimeError(f"LibreOffice did not write {missing}")
    return converted
