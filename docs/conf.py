"""Sphinx configuration for sellerquality's documentation."""

from __future__ import annotations

import sys
import zlib
from importlib.metadata import version as _version
from pathlib import Path

# Local extensions in docs/_ext: the rule tables, printed from the rulebooks'
# data (rule_tables, programme_tables, aliexpress_tables), and api_reference.
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "sellerquality"
author = "The sellerquality developers"
copyright = "2026, The sellerquality developers"
release = _version("sellerquality")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "rule_tables",
    "programme_tables",
    "aliexpress_tables",
    "api_reference",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_typehints = "description"
# Parameter types only for parameters the docstring describes: a class's fields
# are described once, by its Attributes section (see docs/_ext/api_reference.py).
autodoc_typehints_description_target = "documented_params"
# Show defaults as written (``rulebook=DEFAULT_RULEBOOK``), not as a huge repr;
# api_reference writes attrs classes' defaults from their fields.
autodoc_preserve_defaults = True
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "no-value": True}
# evaluate_many's client is a distributed.Client, which batch.py imports only for
# type checkers (the [dask] extra may be missing): name it for autodoc too.
# The chart functions' Axes likewise (the [report] extra may be missing).
autodoc_type_aliases = {"Client": "distributed.Client", "Axes": "matplotlib.axes.Axes"}
# from_json(text, kind: type[T]) -> T: the type variable has no page of its own.
nitpick_ignore = [("py:class", "T")]
napoleon_google_docstring = True
napoleon_numpy_docstring = False
# Attributes sections become attribute entries: one per field, each linkable.
napoleon_use_ivar = False

# CI builds the docs without network access, so intersphinx reads small local
# inventories compiled from docs/_inv/*.txt (the objects our docs link to); the
# links still point at the projects' real documentation.
_HERE = Path(__file__).parent
_INV_SOURCES = {
    "python": "https://docs.python.org/3/",
    "attrs": "https://www.attrs.org/en/stable/",
    "cattrs": "https://catt.rs/en/stable/",
    "dateutil": "https://dateutil.readthedocs.io/en/stable/",
    "distributed": "https://distributed.dask.org/en/stable/",
    "matplotlib": "https://matplotlib.org/stable/",
}


def _compile_inventory(name: str) -> str:
    lines = (_HERE / "_inv" / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    body = "".join(
        f"{obj} {role} 1 {uri} -\n"
        for obj, role, uri in (line.split() for line in lines if line and not line.startswith("#"))
    )
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {name}\n# Version: \n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    target = _HERE / "_build" / "_inv" / f"{name}.inv"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(header.encode() + zlib.compress(body.encode()))
    return str(target)


intersphinx_mapping = {name: (url, _compile_inventory(name)) for name, url in _INV_SOURCES.items()}

doctest_global_setup = """
from datetime import date, datetime, timedelta, UTC
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo
"""

html_theme = "furo"
html_title = "sellerquality"
html_static_path = ["_static"]
