"""Tables as text and as HTML, for the readable forms of tables, matrices and reports."""

from __future__ import annotations

import html
from collections.abc import Sequence

__all__ = ["html_table", "text_table"]


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]], title: str = "") -> str:
    """Right-aligned columns separated by two spaces, with an optional title line.

    >>> print(text_table(["", "a"], [["x", "1"], ["yy", "22"]]))
         a
     x   1
    yy  22
    """
    table = [list(header), *map(list, rows)]
    widths = [max(len(r[c]) for r in table) for c in range(len(header))]
    lines = ["  ".join(cell.rjust(w) for cell, w in zip(r, widths)).rstrip() for r in table]
    return "\n".join(([title] if title else []) + lines)


def html_table(header: Sequence[str], rows: Sequence[Sequence[str]], title: str = "") -> str:
    """An HTML table with a header row and an optional title paragraph; cells are escaped."""
    out = [f"<p>{html.escape(title)}</p>"] if title else []
    out.append("<table>")
    out.append("<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr>")
    for r in rows:
        out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>")
    out.append("</table>")
    return "\n".join(out)
