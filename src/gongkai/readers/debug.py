"""What each stage of the recognition core saw, as plain data: `gongkai parse --debug` prints it.

When a report reads wrong, this answers "where did it go wrong": a heading not found, a line left
out of a table region, a label matched to the wrong row, or cells fitted the wrong way.
"""

from __future__ import annotations

from typing import Any

from gongkai.readers.layout import Document
from gongkai.readers.recognize import Recognized
from gongkai.readers.recognize.rows import match_row


def stages(doc: Document, recognized: Recognized) -> dict[str, Any]:
    regions = recognized.regions
    return {
        "document": {"name": doc.name, "lines": len(doc.lines)},
        "headings": [
            {"section": h.key, "line": doc.lines[h.index].source.line, "text": h.text}
            for h in regions.headings
        ],
        "found_by_content": list(regions.inferred),
        "regions": {
            key: [doc.lines[i].source.line for i in indexes]
            for key, indexes in regions.lines.items()
        },
        "tokens": {
            table: [_token(table, t) for t in tokens] for table, tokens in recognized.tokens.items()
        },
        "findings": [f.to_dict() for f in recognized.findings],
    }


def _token(table: str, tok: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": tok.kind.value, "text": tok.text, "line": tok.source.line}
    if tok.kind.value == "label":
        m = match_row(table, tok.text)
        out["row"] = None if m is None else m.key
        if m is not None and not m.exact:
            out["fuzzy"] = m.score
    return out
