"""A folder of saved Allegro API bodies, and the ``reconcile`` command.

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
==============================  ======================================================

``checkout-forms*.json`` means ``checkout-forms.json`` or any
``checkout-forms-<anything>.json``, read in natural order (``-2`` before
``-10``). Problems are reported under the file's name within the folder:
``checkout-forms-2.json$.checkoutForms[3].lineItems[0].boughtAt``, with
``[i]`` after the name for the i-th page of a file holding an array of pages.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import warnings
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final, Literal, overload

from .. import _io
from .._cli_common import activity_from_args, add_format_argument
from .._time import day_start
from ..exceptions import LoadError, PathProblem
from ._api import Inputs, Source, Sources, build_activity
from ._api_model import AllegroApiWarning
from ._api_quality import AllegroQualityDay, calibrated_rulebook, parse_quality, reconcile
from ._model import SellerActivity
from ._quality import sales_quality
from ._rules import EDITIONS, Rulebook, rulebook_for

__all__ = [
    "QUALITY_FILE",
    "activity_from_api_dir",
    "activity_from_args_or_api",
    "add_from_api_argument",
    "add_parsers",
]

RECONCILE_SCHEMA: Final = "sellerquality.reconcile/1"

QUALITY_FILE: Final = "quality.json"
"""The ``GET /sale/quality`` body in a folder, read by ``reconcile`` by default."""

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


def _natural(path: Path) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name)]


class _Folder:
    """Reads the files of one folder into :class:`Inputs`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.rejected: list[_io.Rejected] = []
        self.notes: list[AllegroApiWarning] = []

    def label(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def read(self, path: Path) -> tuple[bool, Any]:
        label = self.label(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = f"cannot read file: {getattr(exc, 'strerror', None) or exc}"
            self.rejected.append(_io.Rejected(label, (PathProblem(label, reason),), None))
            return False, None
        try:
            return True, json.loads(text)
        except json.JSONDecodeError as exc:
            reason = f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
            self.rejected.append(_io.Rejected(label, (PathProblem(label, reason),), text))
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
            if path.is_file() and path.suffix == ".json":
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
            if name.startswith(".") or name == QUALITY_FILE:
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
            if path.is_file() and name in _SINGLE:
                found[_SINGLE[name]] = self.body(path)
                continue
            prefix = next(
                (p for p in _LISTS if name == f"{p}.json" or name.startswith(f"{p}-")), None
            )
            if path.is_file() and prefix is not None and path.suffix == ".json":
                lists[_LISTS[prefix]] += self.pages(path)
                continue
            self.notes.append(AllegroApiWarning(name, "not a file of the layout; ignored"))
        for argument, sources in lists.items():
            found[argument] = tuple(sources)
        return Inputs(**found, rejected=tuple(self.rejected))


@overload
def activity_from_api_dir(path: str | Path, *, strict: Literal[True] = True) -> SellerActivity: ...


@overload
def activity_from_api_dir(
    path: str | Path, *, strict: Literal[False]
) -> tuple[SellerActivity, tuple[_io.Rejected, ...]]: ...


def activity_from_api_dir(
    path: str | Path, *, strict: bool = True
) -> SellerActivity | tuple[SellerActivity, tuple[_io.Rejected, ...]]:
    """Build the activity from a folder of saved API bodies in the documented layout.

    The folder is read as :func:`~sellerquality.allegro.from_api` reads its
    arguments; files that are not part of the layout are reported with an
    :class:`~sellerquality.allegro.AllegroApiWarning` and ignored.

    Args:
        path: The folder.
        strict: As for :func:`~sellerquality.allegro.from_api`.

    Returns:
        The activity; with ``strict=False``, ``(activity, rejected)``.

    Raises:
        LoadError: The folder cannot be read, or (strict) any problem, with
            paths under the file names (``offers-1.json$.offers[2].id``).
    """
    root = Path(path)
    if not root.is_dir():
        raise LoadError([PathProblem("$", "is not a folder of API bodies")], source=str(root))
    folder = _Folder(root)
    inputs = folder.inputs()
    for note in folder.notes:
        warnings.warn(note, stacklevel=2)
    return build_activity(inputs, strict=strict, source=str(root), stacklevel=2)


def _reporting(run: Callable[[], Any]) -> Any:
    """Run ``run``, printing each AllegroApiWarning it issues as one line on stderr."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AllegroApiWarning)
        result = run()
    for item in caught:
        if isinstance(item.message, AllegroApiWarning):
            print(f"sellerquality: warning: {item.message}", file=sys.stderr)
        else:
            warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)
    return result


def add_from_api_argument(container: argparse._ActionsContainer) -> None:
    """Add ``--from-api DIR`` to a parser or to its ``[FILE | --example]`` group."""
    container.add_argument(
        "--from-api",
        metavar="DIR",
        help="a folder of saved Allegro REST API bodies (see the docs for its layout)",
    )


def activity_from_args_or_api(args: argparse.Namespace) -> SellerActivity:
    """The activity of ``--from-api DIR`` when given, else of ``FILE`` or ``--example``."""
    folder: str | None = getattr(args, "from_api", None)
    if folder is None:
        return activity_from_args(args)
    activity: SellerActivity = _reporting(lambda: activity_from_api_dir(folder))
    return activity


def _read_quality(path: Path) -> tuple[AllegroQualityDay, ...]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LoadError(
            [PathProblem("$", f"cannot read file: {exc.strerror}")], source=str(path)
        ) from None
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(
            [PathProblem("$", f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")],
            source=str(path),
        ) from None
    try:
        days: tuple[AllegroQualityDay, ...] = _reporting(lambda: parse_quality(body))
    except LoadError as exc:
        raise LoadError(exc.problems, source=str(path)) from None
    if not days:
        raise LoadError([PathProblem("$.quality", "holds no day")], source=str(path))
    return days


def _pick(days: tuple[AllegroQualityDay, ...], text: str | None, source: str) -> AllegroQualityDay:
    if text is None:
        return days[-1]
    try:
        wanted = date.fromisoformat(text)
    except ValueError:
        raise LoadError([PathProblem("--day", f"{text!r} is not a date (YYYY-MM-DD)")]) from None
    for day in days:
        if day.result_for == wanted:
            return day
    have = ", ".join(str(day.result_for) for day in days)
    raise LoadError(
        [PathProblem("--day", f"{wanted} is not in the file (it has {have})")], source=source
    )


def _difference_json(difference: Any) -> dict[str, Any]:
    return {
        "kind": difference.kind,
        "subject": difference.subject,
        "ours": difference.ours,
        "allegro": difference.allegro,
        "delta": difference.delta,
        "text": difference.text,
    }


def _reconcile(args: argparse.Namespace) -> int:
    folder = Path(args.from_api)
    quality = Path(args.quality) if args.quality is not None else folder / QUALITY_FILE
    days = _read_quality(quality)
    day = _pick(days, args.day, str(quality))
    rulebook: Rulebook = (
        rulebook_for(day.result_for)
        if args.edition is None
        else next(book for book in EDITIONS if book.edition == args.edition)
    )
    if args.calibrate:
        rulebook = calibrated_rulebook(days, rulebook)
    activity: SellerActivity = _reporting(lambda: activity_from_api_dir(folder))
    as_of = day_start(day.result_for + timedelta(days=1))
    report = sales_quality(activity, as_of=as_of, rulebook=rulebook)
    differences = reconcile(report, day)
    grade = day.grade if isinstance(day.grade, str) else day.grade.value
    if args.format == "json":
        document = {
            "schema": RECONCILE_SCHEMA,
            "day": day.result_for.isoformat(),
            "as_of": as_of.isoformat(),
            "edition": report.edition,
            "allegro": {"grade": grade, "score": day.score, "max_score": day.max_score},
            "ours": {
                "grade": report.grade.value,
                "score": report.score,
                "max_score": report.max_score,
            },
            "differences": [_difference_json(item) for item in differences],
        }
        json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    lines = [
        f"Allegro's result for {day.result_for}: {grade}, {day.score} of {day.max_score} points",
        (
            f"ours (edition {report.edition}, as of {as_of.isoformat()}): "
            f"{report.grade.value}, {report.score} of {report.max_score} points"
        ),
    ]
    if differences:
        lines.append(f"{len(differences)} difference{'s' if len(differences) != 1 else ''}:")
        lines += [f"  {item.text}" for item in differences]
    else:
        lines.append("no differences")
    print("\n".join(lines))
    return 0


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``reconcile`` to the command line."""
    command = commands.add_parser(
        "reconcile", help="compare our sales-quality report with Allegro's own /sale/quality"
    )
    command.add_argument(
        "--from-api",
        required=True,
        metavar="DIR",
        help="a folder of saved Allegro REST API bodies (see the docs for its layout)",
    )
    command.add_argument(
        "--quality",
        metavar="FILE",
        help=f"the saved GET /sale/quality body (default: DIR/{QUALITY_FILE})",
    )
    command.add_argument(
        "--day", metavar="DATE", help="the day to compare, YYYY-MM-DD (default: the latest)"
    )
    command.add_argument(
        "--edition",
        choices=[book.edition for book in EDITIONS],
        help="rulebook edition (default: the edition in force on the day)",
    )
    command.add_argument(
        "--calibrate",
        action="store_true",
        help="take each metric's maximum points from Allegro's figures first",
    )
    add_format_argument(command, "text", "json")
    command.set_defaults(func=_reconcile)
