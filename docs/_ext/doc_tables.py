"""Docutils tables for the rule-table directives of the docs' local extensions."""

# ruff: noqa: INP001 - a Sphinx extension helper on docs/_ext, not a package

from __future__ import annotations

from typing import TypeAlias

from docutils import nodes  # type: ignore[import-untyped]

Cell: TypeAlias = "str | nodes.Node | list[nodes.Node]"


def entry(content: Cell) -> nodes.entry:
    """A table cell holding text (as a paragraph) or ready-made nodes."""
    cell = nodes.entry()
    if isinstance(content, str):
        cell += nodes.paragraph(text=content)
    else:
        cell += content
    return cell


def literal(text: str) -> nodes.paragraph:
    """A paragraph holding ``text`` as inline code."""
    paragraph = nodes.paragraph()
    paragraph += nodes.literal(text=text)
    return paragraph


def build_table(
    title: str | None,
    header: list[str],
    rows: list[list[Cell]],
    widths: list[int],
    classes: list[str],
) -> nodes.table:
    """Build a docutils table with a header row and one row per entry of ``rows``."""
    table = nodes.table(classes=classes)
    if title:
        table += nodes.title(text=title)
    group = nodes.tgroup(cols=len(header))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    row = nodes.row()
    head += row
    for text in header:
        row += entry(text)
    body = nodes.tbody()
    group += body
    for cells in rows:
        row = nodes.row()
        body += row
        for cell in cells:
            row += entry(cell)
    return table
