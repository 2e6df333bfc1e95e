"""A query result as text: an aligned table, CSV, JSON or Markdown — every cell whole.

Cells are never cut unless `max_width` asks for it (then a cut cell ends with '…'). Values keep
their SQL meaning: NULL is empty in CSV, `null` in JSON and `NULL` in the table and Markdown;
dates and timestamps are ISO 8601; decimals and other non-JSON types become strings in JSON.
"""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal

FORMATS = ("table", "csv", "json", "markdown")


def _text(value, null: str = "NULL") -> str:
    if value is None:
        return null
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value)


def _cut(text: str, max_width: int | None) -> str:
    if max_width is None or len(text) <= max_width:
        return text
    return text[: max(0, max_width - 1)] + "…"


def _width(text: str) -> int:
    """Columns a terminal gives the text: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


def _json_value(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return str(value)


def render(columns: list[str], rows: list[tuple], fmt: str = "table", max_width: int | None = None) -> str:
    """The result as text in `fmt` (one of FORMATS), ending with a newline."""
    if fmt == "json":
        records = [{c: _json_value(v) for c, v in zip(columns, row)} for row in rows]
        if max_width is not None:
            records = [{k: _cut(v, max_width) if isinstance(v, str) else v for k, v in r.items()} for r in records]
        return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cut(_text(v, ""), max_width) for v in row])
        return buf.getvalue()
    cells = [[_cut(_text(v), max_width) for v in row] for row in rows]
    if fmt == "markdown":
        def md(text: str) -> str:
            return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>")

        lines = ["| " + " | ".join(md(c) for c in columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
        lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    # a cell's line breaks would break the alignment: shown as the two characters \n
    cells = [[c.replace("\r", "\\r").replace("\n", "\\n") for c in row] for row in cells]
    widths = [max([_width(c)] + [_width(row[i]) for row in cells]) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()

    out = [line(columns), "  ".join("-" * w for w in widths)] + [line(row) for row in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
