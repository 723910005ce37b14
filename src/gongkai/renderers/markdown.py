"""Document -> Markdown and plain text.

Both flatten a table's merged label columns into one label per row (the group label on the
group's first row, as reports print it) and keep one cell per value column, so that gongkai's
own text reader reads the result back to the same report. Both draw tables as rows of cells
between bars ("| 行政许可 | 310 |"): tabs would be friendlier to paste, but a run of tabs cannot
say which cell is the blank one, and a null cell must come back as the same null cell.
"""

from __future__ import annotations

from gongkai.renderers.document import Cell, Document, Heading, Paragraph, Table

_MD_ESCAPES = str.maketrans({"|": "｜"})


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


def _md_cell(text: str) -> str:
    """A pipe inside a cell would split it: print the full-width bar instead."""
    return text.replace("\n", " ").translate(_MD_ESCAPES)


def to_markdown(doc: Document) -> str:
    lines = [f"# {doc.title}", ""]
    if doc.subtitle:
        lines += [doc.subtitle, ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines += [f"{'#' * (block.level + 1)} {block.text}", ""]
        elif isinstance(block, Paragraph):
            lines += [block.text, ""]
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
            lines += [block.text, ""]
        else:
            if block.caption:
                lines += [block.caption, ""]
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in _flatten(block)]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def to_markdown_bytes(doc: Document) -> bytes:
    return to_markdown(doc).encode("utf-8")


def to_text_bytes(doc: Document) -> bytes:
    return to_text(doc).encode("utf-8")
