# ruff: noqa: INP001  (a Sphinx extension loaded from sys.path, not part of a package)
# ruff: noqa: PLR0917  (Sphinx calls event handlers with positional arguments)
"""Keep the API reference readable, complete and on public paths.

What autodoc shows by default does not read well for attrs classes, so this
extension adjusts it and checks the result:

* **Signatures** of attrs classes are written from their fields, with each
  default as a value (``currency='PLN'``, ``offers=()``), a long default by its
  public name (``rulebook=DEFAULT_RULEBOOK``), instead of the generated
  ``__init__``'s ``attr_dict['currency'].default``. Enums show no signature.
* **Each attribute once**: the ``Attributes:`` section of a class docstring
  documents its fields (napoleon writes one ``attribute`` entry each); a
  field the section leaves out gets an entry with its type and the docstring
  written under it in the defining module, which autodoc, reading the public
  module, would not find. Enum members are listed although they have no
  docstring, unless the enum's docstring documents them.
* **Data** (``EDITION_2022``) shows the docstring written under it where it is
  defined, never the docstring of its type; the page adds any more text.
* **Checks** that fail the build (a warning, so ``-W`` fails):

  - every public name (``__all__`` of ``sellerquality``,
    ``sellerquality.allegro``, ``sellerquality.aliexpress`` and
    ``sellerquality.exceptions``) is documented exactly once, under its public
    home, and so is each public field of its attrs classes;
  - no page shows a private path (``sellerquality._money``,
    ``sellerquality.allegro._api``), in text or in a link's title.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import re
import sys
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import attrs
from docutils import nodes  # type: ignore[import-untyped]
from sphinx import addnodes
from sphinx.pycode import ModuleAnalyzer
from sphinx.util import logging
from sphinx.util.typing import stringify_annotation

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

PUBLIC_MODULES = (
    "sellerquality",
    "sellerquality.allegro",
    "sellerquality.aliexpress",
    "sellerquality.batch",
    "sellerquality.exceptions",
)
"""The modules whose ``__all__`` is the public surface the reference documents."""

PRIVATE_PATH = re.compile(r"\bsellerquality(?:\.[A-Za-z]\w*)*\._(?!_)\w*")
"""A dotted path through a private module (``sellerquality._money``)."""

LONG_DEFAULT = 40
"""A default's repr longer than this is shown by its public name, or as ``…``."""

logger = logging.getLogger(__name__)


# --- public names -----------------------------------------------------------------------


def public_objects() -> Iterator[tuple[str, str, Any]]:
    """Yield ``(module, name, object)`` for every public name."""
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            yield module_name, name, getattr(module, name)


def home(module_name: str, name: str, item: Any) -> str:
    """The dotted path under which ``item``, exported as ``name``, is documented."""
    if (isinstance(item, type) or inspect.isfunction(item)) and item.__name__ == name:
        return f"{item.__module__}.{item.__qualname__}"
    return f"{module_name}.{name}"


def expected_paths() -> dict[str, Any]:
    """Every path the reference must document exactly once, with its object."""
    paths: dict[str, Any] = {}
    for module_name, name, item in public_objects():
        paths[home(module_name, name, item)] = item
    for path, item in list(paths.items()):
        if isinstance(item, type) and attrs.has(item) and path.endswith(f".{item.__qualname__}"):
            for field in attrs.fields(item):
                if not field.name.startswith("_"):
                    paths[f"{path}.{field.name}"] = field
    return paths


def public_name_of(value: Any) -> str | None:
    """A public name bound to ``value`` itself, if there is one."""
    for _module, name, item in public_objects():
        if item is value:
            return name
    return None


# --- signatures -------------------------------------------------------------------------


class _Shown:
    """A default value that prints as given text in a signature."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _short_repr(value: Any) -> str:
    # An attrs value by the fields that differ from their defaults
    # (``Limit(value=128)``, ``SellerAccount()``), anything else by its repr.
    if not attrs.has(type(value)):
        return repr(value)
    shown = []
    for field in attrs.fields(type(value)):
        current = getattr(value, field.name)
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = attrs.NOTHING if default.takes_self else default.factory()
        if field.init and not field.name.startswith("_") and current != default:
            shown.append(f"{field.alias}={_short_repr(current)}")
    return f"{type(value).__name__}({', '.join(shown)})"


def _show_default(value: Any) -> str:
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    text = _short_repr(value)
    if len(text) <= LONG_DEFAULT:
        return text
    return public_name_of(value) or "…"


def _field_default(field: attrs.Attribute[Any]) -> str | None:
    default = field.default
    if default is attrs.NOTHING:
        return None
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        if default.takes_self:
            return "…"
        return _show_default(default.factory())
    return _show_default(default)


def attrs_signature(cls: type) -> str:
    """The signature of an attrs class's ``__init__``, defaults shown as values."""
    fields = {field.alias: field for field in attrs.fields(cls) if field.init}
    init = inspect.signature(cls)
    parameters = []
    for parameter in init.parameters.values():
        field = fields.get(parameter.name)
        default = _field_default(field) if field is not None else None
        parameters.append(
            parameter.replace(
                default=inspect.Parameter.empty if default is None else _Shown(default),
                annotation=inspect.Parameter.empty,
            )
        )
    return str(init.replace(parameters=parameters, return_annotation=inspect.Signature.empty))


def process_signature(
    app: Sphinx,
    what: str,
    name: str,
    obj: Any,
    options: Any,
    signature: str | None,
    return_annotation: str,
) -> tuple[str, str] | None:
    """Write attrs class signatures from their fields; drop enum signatures."""
    del app, name, options, signature
    if what not in {"class", "exception"} or not isinstance(obj, type):
        return None
    if issubclass(obj, enum.Enum):
        return "", ""
    if attrs.has(obj):
        return attrs_signature(obj), return_annotation
    return None


# --- members ----------------------------------------------------------------------------

_ATTRIBUTES_SECTION = re.compile(r"^(\s*)Attributes:\s*$")


def documented_attributes(cls: type) -> frozenset[str]:
    """The names the ``Attributes:`` section of ``cls``'s own docstring documents."""
    doc = inspect.cleandoc(cls.__dict__.get("__doc__") or "")
    names: set[str] = set()
    lines = doc.splitlines()
    for index, line in enumerate(lines):
        section = _ATTRIBUTES_SECTION.match(line)
        if not section:
            continue
        indent = len(section.group(1))
        for entry in lines[index + 1 :]:
            if entry.strip() and len(entry) - len(entry.lstrip()) <= indent:
                break
            match = re.match(r"\s+(\w+)\s*(?:\(.*\))?:", entry)
            if match and len(entry) - len(entry.lstrip()) <= indent + 4:
                names.add(match.group(1))
    return frozenset(names)


def skip_member(
    app: Sphinx, what: str, name: str, obj: Any, skip: bool, options: Any
) -> bool | None:
    """List enum members although they have no docstring, unless the enum's does."""
    del app, what, skip, options
    if isinstance(obj, enum.Enum):
        return name.startswith("_") or name in documented_attributes(type(obj))
    return None


def defining_module(item: Any, name: str, package: str) -> str | None:
    """The private module of ``package`` whose source defines ``name`` (``item``)."""
    for module_name, module in sorted(sys.modules.items()):
        if not module_name.startswith(f"{package}._") or module is None:
            continue
        if vars(module).get(name) is not item:
            continue
        if not isinstance(item, type) or name in _tags(module_name):
            return module_name
    return None


def _tags(module_name: str) -> dict[str, Any]:
    try:
        return dict(ModuleAnalyzer.for_module(module_name).find_tags())
    except Exception:  # noqa: BLE001 - a module without source defines nothing we can read
        return {}


def _attribute_docs(module_name: str | None) -> dict[tuple[str, str], list[str]]:
    if module_name is None:
        return {}
    try:
        return dict(ModuleAnalyzer.for_module(module_name).find_attr_docs())
    except Exception:  # noqa: BLE001 - a module without source has no attribute docs
        return {}


def field_entries(cls: type) -> list[str]:
    """An ``attribute`` entry for each public field the class docstring does not document.

    The entry carries the field's type and the docstring written under the field
    in the module that defines the class (autodoc looks for it in the public
    module, which only re-exports the class).
    """
    documented = documented_attributes(cls)
    docs = _attribute_docs(defining_module(cls, cls.__name__, cls.__module__))
    lines: list[str] = []
    for field in attrs.fields(cls):
        if field.name.startswith("_") or field.name in documented:
            continue
        kind = field.type if isinstance(field.type, str) else stringify_annotation(field.type)
        lines += ["", f".. attribute:: {field.name}", f"   :type: {kind}", ""]
        lines += [
            f"   {line}" if line else "" for line in docs.get((cls.__qualname__, field.name), [])
        ]
    return lines


# --- data -------------------------------------------------------------------------------


def _attribute_doc(name: str, item: Any, package: str) -> list[str] | None:
    # The first private module holding ``item`` as ``name`` with a docstring
    # under it: a module that only imports it has none.
    for module_name, module in sorted(sys.modules.items()):
        if not module_name.startswith(f"{package}._") or module is None:
            continue
        if vars(module).get(name) is not item:
            continue
        found = _attribute_docs(module_name).get(("", name))
        if found:
            return [*found, ""]
    return None


def process_docstring(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Add the fields an attrs class's docstring leaves out; give data its own docstring."""
    del app, options
    if what in {"class", "exception"} and isinstance(obj, type) and attrs.has(obj):
        if name == f"{obj.__module__}.{obj.__qualname__}":  # not an alias of it
            lines.extend(field_entries(obj))
    elif what == "data":
        # Never the docstring of the value's type: the one written under it, if any.
        package, _, attribute = name.rpartition(".")
        own = _attribute_doc(attribute, obj, package) or _analyzer_doc(package, attribute)
        lines[:] = own or []


def _analyzer_doc(module_name: str, name: str) -> list[str] | None:
    try:
        docs = ModuleAnalyzer.for_module(module_name).find_attr_docs()
    except Exception:  # noqa: BLE001 - a module without source has no attribute docs
        return None
    found = docs.get(("", name))
    return [*found, ""] if found else None


# --- checks -----------------------------------------------------------------------------


def _documented(env: BuildEnvironment) -> dict[str, list[str]]:
    if not hasattr(env, "sq_api_documented"):
        env.sq_api_documented = defaultdict(list)  # type: ignore[attr-defined]
    return env.sq_api_documented  # type: ignore[attr-defined, no-any-return]


def record_descriptions(app: Sphinx, doctree: nodes.document) -> None:
    """Note each Python object a page describes, to count them later."""
    documented = _documented(app.env)
    for signature in doctree.findall(addnodes.desc_signature):
        module = signature.get("module")
        fullname = signature.get("fullname")
        if module and fullname:
            documented[f"{module}.{fullname}"].append(app.env.docname)


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """Forget what a page described before it is read again."""
    del app
    documented = _documented(env)
    for path in list(documented):
        documented[path] = [doc for doc in documented[path] if doc != docname]
        if not documented[path]:
            del documented[path]


def merge_info(app: Sphinx, env: BuildEnvironment, docnames: Any, other: BuildEnvironment) -> None:
    """Merge what parallel readers noted."""
    del app, docnames
    documented = _documented(env)
    for path, docs in _documented(other).items():
        documented[path].extend(docs)


def check_coverage(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn for each public name documented never or more than once."""
    del app
    documented = _documented(env)
    for path in sorted(expected_paths()):
        pages = documented.get(path, [])
        if not pages:
            logger.warning(
                "public name %s is not documented in the API reference", path, type="sq-api"
            )
        elif len(pages) > 1:
            logger.warning(
                "public name %s is documented %d times (%s)",
                path,
                len(pages),
                ", ".join(sorted(pages)),
                type="sq-api",
            )


def check_private_paths(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Warn for each private path a page shows, in its text or its links' titles."""
    del app
    seen: set[str] = set()
    for node in doctree.findall(nodes.Text):
        seen.update(PRIVATE_PATH.findall(str(node)))
    for node in doctree.findall(nodes.Element):
        for attribute in ("reftitle", "title"):
            value = node.get(attribute)
            if isinstance(value, str):
                seen.update(PRIVATE_PATH.findall(value))
    for path in sorted(seen):
        logger.warning(
            "page shows the private path %s; use the public one",
            path,
            location=docname,
            type="sq-api",
        )


def setup(app: Sphinx) -> dict[str, Any]:
    """Connect the hooks and the checks."""
    app.connect("autodoc-process-signature", process_signature)
    app.connect("autodoc-skip-member", skip_member)
    # After napoleon has turned the docstring into reST: the entries added are reST.
    app.connect("autodoc-process-docstring", process_docstring, priority=600)
    app.connect("doctree-read", record_descriptions)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
    app.connect("env-check-consistency", check_coverage)
    app.connect("doctree-resolved", check_private_paths)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
