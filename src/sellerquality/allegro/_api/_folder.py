"""A folder of saved Allegro REST API bodies -> :class:`SellerActivity`: :func:`read_api_dir`.

The folder layout (documented in docs/allegro/from-api.md); every file holds
one JSON body as the API returned it, or a JSON array of the pages of a
paginated endpoint:

==============================  ======================================================
file                            body
==============================  ======================================================
``me.json``                     ``GET /me``
``checkout-forms*.json``        ``GET /order/checkout-forms`` (pages)
``shipments/<orderId>.json``    ``GET /order/checkout-forms/{id}/shipments``
``tracking*.json``              ``GET /order/carriers/{carrierId}/tracking``
``issues*.json``                ``GET /sale/issues`` (pages)
``issue-chats/<id>.json``       ``GET /sale/issues/{id}/chat``
``disputes*.json``              legacy ``GET /sale/disputes`` (pages)
``dispute-messages/<id>.json``  legacy ``GET /sale/disputes/{id}/messages``
``user-ratings*.json``          ``GET /sale/user-ratings`` (pages)
``threads*.json``               ``GET /messaging/threads`` (pages)
``thread-messages/<id>.json``   ``GET /messaging/threads/{id}/messages``
``offers*.json``                ``GET /sale/offers`` (pages)
``product-offers/<id>.json``    ``GET /sale/product-offers/{id}``
``offer-smart/<id>.json``       ``GET /sale/offers/{id}/smart``
``shipping-rates/<id>.json``    ``GET /sale/shipping-rates/{id}``
``delivery-methods.json``       ``GET /sale/delivery-methods``
``quality.json``                ``GET /sale/quality`` (read by ``reconcile`` only)
``manifest.json``               what ``sellerquality fetch`` fetched and when (not read)
==============================  ======================================================

``checkout-forms*.json`` means ``checkout-forms.json`` or any
``checkout-forms-<anything>.json``, read in natural order (``-2`` before
``-10``). Problems are reported under the file's name within the folder:
``checkout-forms-2.json$.checkoutForms[3].lineItems[0].boughtAt``, with
``[i]`` after the name for the i-th page of a file holding an array of pages.

Only regular files inside the folder are read: a link that leads out of the
folder (a subfolder linked to ``/``, say) is refused, and so is a device,
pipe or socket.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final, Literal, overload

from ... import _json
from ..._serde import parse_json, read_text_file
from ...exceptions import AllegroApiWarning, InvalidValueError, LoadError, PathProblem
from .._model import SellerActivity
from ._build import build_activity
from ._common import Inputs, Source, Sources

__all__ = ["QUALITY_FILE", "read_api_dir"]

QUALITY_FILE: Final = "quality.json"
"""The ``GET /sale/quality`` body in a folder, read by ``reconcile`` by default."""

MANIFEST_FILE: Final = "manifest.json"
"""The record ``sellerquality fetch`` keeps in the folder; not a body, so not read."""

_LISTS: Final = {
    "checkout-forms": "checkout_forms",
    "tracking": "parcel_tracking",
    "issues": "issues",
    "disputes": "disputes",
    "user-ratings": "user_ratings",
    "threads": "threads",
    "offers": "offers",
}
_SINGLE: Final = {"me.json": "me", "delivery-methods.json": "delivery_methods"}
_KEYED_PAGES: Final = {
    "shipments": "shipments",
    "issue-chats": "issue_chats",
    "dispute-messages": "dispute_messages",
    "thread-messages": "thread_messages",
}
_KEYED_BODIES: Final = {
    "product-offers": "product_offers",
    "offer-smart": "offer_smart",
    "shipping-rates": "shipping_rates",
}
_OUTSIDE: Final = "is a link that leads out of the folder; not read"


def _natural(path: Path) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name)]


def _list_prefix(name: str) -> str | None:
    return next((p for p in _LISTS if name == f"{p}.json" or name.startswith(f"{p}-")), None)


class _Folder:
    """Reads the files of one folder into :class:`Inputs`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real = root.resolve()
        self.rejected: list[_json.Rejected] = []
        self.notes: list[AllegroApiWarning] = []

    def label(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def refuse(self, path: Path, reason: str, raw: Any = None) -> None:
        label = self.label(path)
        self.rejected.append(_json.Rejected(label, (PathProblem(label, reason),), raw))

    def inside(self, path: Path) -> bool:
        """Whether ``path``, links followed, stays inside the folder; refused if not."""
        try:
            inside = path.resolve().is_relative_to(self.real)
        except (OSError, RuntimeError):  # a loop of links
            inside = False
        if not inside:
            self.refuse(path, _OUTSIDE)
        return inside

    def read(self, path: Path) -> tuple[bool, Any]:
        label = self.label(path)
        try:
            text = read_text_file(path, source=label)
        except LoadError as exc:
            self.rejected.append(_json.Rejected(label, _under(label, exc), None))
            return False, None
        try:
            return True, parse_json(text, label)
        except LoadError as exc:
            self.rejected.append(_json.Rejected(label, _under(label, exc), text))
            return False, None

    def pages(self, path: Path) -> tuple[Source, ...]:
        ok, data = self.read(path)
        if not ok:
            return ()
        label = self.label(path)
        if isinstance(data, list):
            return tuple(Source(f"{label}[{index}]", page) for index, page in enumerate(data))
        return (Source(label, data),)

    def body(self, path: Path) -> Source | None:
        ok, data = self.read(path)
        return Source(self.label(path), data) if ok else None

    def files(self, folder: Path) -> Iterator[Path]:
        for path in sorted(folder.iterdir(), key=_natural):
            if path.name.startswith("."):
                continue
            if path.suffix == ".json":
                # Read, or refused if it is not a regular file inside the folder.
                if self.inside(path):
                    yield path
            else:
                self.notes.append(
                    AllegroApiWarning(self.label(path), "not a file of the layout; ignored")
                )

    def inputs(self) -> Inputs:
        found: dict[str, Any] = {}
        lists: dict[str, list[Source]] = {name: [] for name in _LISTS.values()}
        for path in sorted(self.root.iterdir(), key=_natural):
            name = path.name
            if name.startswith(".") or name in (QUALITY_FILE, MANIFEST_FILE):
                continue
            in_layout = (
                name in _KEYED_PAGES
                or name in _KEYED_BODIES
                or name in _SINGLE
                or (_list_prefix(name) is not None and path.suffix == ".json")
            )
            if in_layout and not self.inside(path):
                continue
            if path.is_dir() and name in _KEYED_PAGES:
                found[_KEYED_PAGES[name]] = {
                    item.stem: Sources(self.label(item), self.pages(item))
                    for item in self.files(path)
                }
                continue
            if path.is_dir() and name in _KEYED_BODIES:
                found[_KEYED_BODIES[name]] = {
                    item.stem: source
                    for item in self.files(path)
                    if (source := self.body(item)) is not None
                }
                continue
            # A file of the layout that is not a regular file is refused by read().
            if name in _SINGLE:
                found[_SINGLE[name]] = self.body(path)
                continue
            prefix = _list_prefix(name)
            if prefix is not None and path.suffix == ".json":
                lists[_LISTS[prefix]] += self.pages(path)
                continue
            self.notes.append(AllegroApiWarning(name, "not a file of the layout; ignored"))
        for argument, sources in lists.items():
            found[argument] = tuple(sources)
        return Inputs(**found, rejected=tuple(self.rejected))


def _under(label: str, exc: LoadError) -> tuple[PathProblem, ...]:
    """A file's problems with paths under its name: ``me.json``, ``offers.json$.offers``."""
    return tuple(
        PathProblem(label if problem.path == "$" else label + problem.path, problem.reason)
        for problem in exc.problems
    )


@overload
def read_api_dir(
    path: str | os.PathLike[str], *, strict: Literal[True] = True
) -> SellerActivity: ...


@overload
def read_api_dir(
    path: str | os.PathLike[str], *, strict: Literal[False]
) -> tuple[SellerActivity, tuple[_json.Rejected, ...]]: ...


def read_api_dir(
    path: str | os.PathLike[str], *, strict: bool = True
) -> SellerActivity | tuple[SellerActivity, tuple[_json.Rejected, ...]]:
    """Build a seller's activity from a folder of saved Allegro REST API bodies (SQ-1).

    The folder holds one file per body in the layout of "From the Allegro API
    to a report" (``me.json``, ``checkout-forms*.json``,
    ``shipments/<orderId>.json``, ...), and is read as
    :func:`~sellerquality.allegro.from_api` reads its arguments, with the
    same mapping rules (SQ-A1…SQ-D3, DI-1…DI-5). Files outside the layout are
    reported with an :class:`~sellerquality.allegro.AllegroApiWarning` and
    ignored. Only regular files inside the folder are read: a link leading
    out of it, a device, a pipe or a socket is refused, as is a file that is
    not UTF-8 JSON.

    Args:
        path: The folder.
        strict: With ``True`` (the default), any problem raises. With
            ``False``, what can be read is kept and each item or file that
            cannot is returned as a :class:`~sellerquality.Rejected`.

    Returns:
        The :class:`SellerActivity`; with ``strict=False``, the pair
        ``(activity, rejected)``.

    Raises:
        LoadError: ``path`` is not a folder, or (strict) any problem, each
            with its path under the file's name
            (``offers-1.json$.offers[2].id``); the error's ``source`` is
            the folder.
        InvalidValueError: ``path`` is an empty string.
    """
    if not os.fspath(path):
        raise InvalidValueError(
            field="path", value=path, reason="is empty; give the folder of API bodies"
        )
    root = Path(path)
    if not root.is_dir():
        raise LoadError([PathProblem("$", "is not a folder of API bodies")], source=str(root))
    folder = _Folder(root)
    inputs = folder.inputs()
    for note in folder.notes:
        warnings.warn(note, stacklevel=2)
    return build_activity(inputs, strict=strict, source=str(root), stacklevel=2)
