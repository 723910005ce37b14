"""Document -> Markdown and plain text.

Both flatten a table's merged label columns into one label per row (the group label on the
group's first row, as reports print it) and keep one cell per value column, so that gongkai's
own text reader reads the result back to the same report. Both draw tables as rows of cells
between bars ("| 行政许可 | 310 |"): tabs would be friendlier to paste, but a run of tabs cannot
say which cell is the blank one, and a null cell must come back as the same null cell.
"""

from __future__ import annotations

import re

from gongkai.renderers.document import Cell, Document, Heading, Paragraph, Table

_MD_ESCAPES = str.maketrans({"|": "｜"})
# Characters Markdown would take for markup or raw HTML: escaped, so "**重点**" or "<script>"
# in a narrative shows as written (gongkai's Markdown reader undoes the escapes).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#])")


def _md_text(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", _plain_cell(text))


def _label_width(table: Table) -> int:
    """Leading columns that hold only labels (merged row headings): table 三 has three."""
    width = 0
    for c in range(table.width):
        body = [row[c] for row in table.grid[table.header_rows :]]
        if all(cell is None or cell.header for cell in body):
            width = c + 1
        else:
            break
    return max(width, 1)


def _flatten(table: Table) -> list[list[str]]:
    labels = _label_width(table)
    out: list[list[str]] = []
    for row in table.grid:
        label = " ".join(c.text for c in row[:labels] if c is not None and c.text)
        out.append([label, *(_value(c) for c in row[labels:])])
    return out


def _value(cell: Cell | None) -> str:
    if cell is None:
        return ""
    return f"{cell.text}（{cell.note}）" if cell.note else cell.text


def _plain_cell(text: str) -> str:
    """A pipe would make the line a table row: print the full-width bar instead."""
    return text.replace("\n", " ").translate(_MD_ESCAPES)


def _md_cell(text: str) -> str:
    return _md_text(_plain_cell(text))


def to_markdown(doc: Document) -> str:
    lines = [f"# {_md_text(doc.title)}", ""]
    if doc.subtitle:
        lines += [_md_text(doc.subtitle), ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines += [f"{'#' * (block.level + 1)} {_md_text(block.text)}", ""]
        elif isinstance(block, Paragraph):
            lines += [_md_text(block.text), ""]
        else:
            rows = _flatten(block)
            if block.caption:
                lines += [block.caption, ""]
            for i, row in enumerate(rows):
                lines.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
                if i == 0:
                    lines.append("|" + "---|" * len(row))
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def to_text(doc: Document) -> str:
    lines = [doc.title, ""]
    if doc.subtitle:
        lines += [doc.subtitle, ""]
    for block in doc.blocks:
        if isinstance(block, Heading | Paragraph):
            lines += [_plain_cell(block.text), ""]
        else:
            if block.caption:
                lines += [block.caption, ""]
            lines += [
                "| " + " | ".join(_plain_cell(c) for c in row) + " |" for row in _flatten(block)
            ]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def to_markdown_bytes(doc: Document) -> bytes:
    return to_markdown(doc).encode("utf-8")


def to_text_bytes(doc: Document) -> bytes:
    return to_text(doc).encode("utf-8")
