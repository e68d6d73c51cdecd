"""Reading JSON, once for every format: the one reader, the one rejected-item type, our format.

:func:`read_source` turns whatever a user hands us (a path, ``"-"`` for
standard input, JSON text, an open file, an already parsed mapping) into
parsed JSON and a label for messages; every loader of the library (our
activity format here, AliExpress feedback, the CLI) reads through it and
reports what it could not accept as :class:`Rejected` items. The converter
and its strict hooks live in ``_serde``; this module holds no rule.

The activity format is described, with a complete example, in the data-model
page of the docs.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Mapping
from typing import IO, Any, Final, Literal, overload

import attrs
from cattrs.gen import make_dict_unstructure_fn

from ._serde import (
    CONVERTER,
    decode_each,
    describe,
    expect_object,
    not_utf8,
    parse_json,
    problems_of,
    read_json_file,
)
from ._shown import key_path, show
from .allegro._model import (
    Dispute,
    Message,
    Offer,
    Order,
    Rating,
    SellerAccount,
    SellerActivity,
    Violation,
    check_opened_after_purchase,
)
from .exceptions import InvalidTypeError, InvalidValueError, LoadError, PathProblem

__all__ = ["FORMAT", "STDIN", "Rejected", "Source", "dump", "load", "read_source"]

FORMAT: Final = "sellerquality/1"
"""The value of the ``format`` key our files carry; a file without it is read as this."""

_KINDS: Final[tuple[tuple[str, type[Any]], ...]] = (
    ("offers", Offer),
    ("orders", Order),
    ("disputes", Dispute),
    ("ratings", Rating),
    ("messages", Message),
    ("violations", Violation),
)
_TOP_LEVEL: Final = frozenset({"format", "account", *(name for name, _ in _KINDS)})

for _cls in (SellerAccount, Offer, Order, Dispute, Rating, Message, Violation):
    CONVERTER.register_unstructure_hook(
        _cls, make_dict_unstructure_fn(_cls, CONVERTER, _cattrs_omit_if_default=True)
    )


@attrs.frozen
class Rejected:
    """An input item that lenient loading could not accept, and why.

    Every lenient reader of the library returns these: :func:`load`,
    :func:`sellerquality.allegro.from_api`,
    :func:`sellerquality.allegro.read_api_dir` and
    :func:`sellerquality.aliexpress.load_feedback`, so that accepted plus
    rejected is always the whole input: an Allegro record left out of every
    SQ-, PR-, CO-, DI- and RA- rule, or an AliExpress feedback left out of
    the AE-F1 … AE-F5 scores, is here with its reason, never dropped.

    Attributes:
        path: Where the item is, such as ``$.orders[17]``.
        problems: Each problem found, with its own path
            (``$.orders[17].bought_at``) and reason.
        raw: The item exactly as it was in the input.
    """

    path: str
    problems: tuple[PathProblem, ...]
    raw: Any

    @property
    def reason(self) -> str:
        """All problems on one line."""
        return "; ".join(str(problem) for problem in self.problems)

    @property
    def index(self) -> int | None:
        """The item's position in its array (``17`` for ``$.orders[17]``), if it is in one."""
        head, bracket, tail = self.path.rpartition("[")
        if not bracket or not head or not tail.endswith("]") or not tail[:-1].isdigit():
            return None
        return int(tail[:-1])


Source = str | os.PathLike[str] | IO[str] | IO[bytes] | Mapping[str, Any]
"""What the library's loaders read: a path, ``"-"`` (standard input), JSON text, an open file
or an already parsed mapping."""

STDIN: Final = "-"
"""The source that means standard input, as command-line tools write it."""

_STDIN_LABEL: Final = "<stdin>"

_SOURCES: Final = (
    'give a file\'s path, "-" for standard input, JSON text (a str), an open file or a parsed dict'
)


def _read_file_object(source: Any, label: str | None) -> Any:
    try:
        text = source.read()
    except UnicodeDecodeError as exc:
        raise LoadError([PathProblem("$", not_utf8(exc))], source=label) from None
    if not isinstance(text, str | bytes):
        raise InvalidTypeError(
            field="source.read()", value=text, reason="is neither str nor bytes; give an open file"
        )
    return parse_json(text, label)


def read_source(source: Source) -> tuple[Any, str | None]:
    """Parse ``source`` as JSON, the one way every loader reads its input.

    A ``str`` is JSON text when it starts with ``{`` or ``[`` (after
    whitespace), standard input when it is ``"-"``, and a path otherwise.
    A mapping (or a list) is taken as already parsed.

    Returns:
        The parsed JSON and a label for messages (the path, ``<stdin>``, an
        open file's name), or ``None`` when the input has no name.

    Raises:
        LoadError: The file cannot be read, is not UTF-8 or is not JSON
            (with the reader's JSON path ``$`` and the reason).
        InvalidTypeError: ``source`` is none of the kinds above (``bytes``, say).
        InvalidValueError: ``source`` is an empty string.
    """
    if isinstance(source, Mapping | list):
        # Already parsed; the caller checks its shape like a file's content.
        return source, None
    if isinstance(source, bytes | bytearray | memoryview):
        raise InvalidTypeError(
            field="source",
            value=source,
            reason=f"is of type {type(source).__name__}; {_SOURCES} (decode bytes first)",
        )
    if isinstance(source, os.PathLike):
        return read_json_file(source), os.fspath(source)
    if isinstance(source, str):
        text = source.strip()
        if not text:
            raise InvalidValueError(field="source", value=source, reason=f"is empty; {_SOURCES}")
        if source == STDIN:
            return _read_file_object(sys.stdin, _STDIN_LABEL), _STDIN_LABEL
        if text.startswith(("{", "[")):
            return parse_json(source), None
        return read_json_file(source), source
    if not callable(getattr(source, "read", None)):
        raise InvalidTypeError(
            field="source", value=source, reason=f"is of type {type(source).__name__}; {_SOURCES}"
        )
    name = getattr(source, "name", None)
    label = name if isinstance(name, str) else None
    return _read_file_object(source, label), label


@overload
def load(source: Source, *, strict: Literal[True] = True) -> SellerActivity: ...


@overload
def load(
    source: Source, *, strict: Literal[False]
) -> tuple[SellerActivity, tuple[Rejected, ...]]: ...


def load(
    source: Source, *, strict: bool = True
) -> SellerActivity | tuple[SellerActivity, tuple[Rejected, ...]]:
    """Read a seller's activity from our JSON format.

    Args:
        source: A path (``str`` or :class:`~os.PathLike`) to a regular
            file of UTF-8 JSON, ``"-"`` for standard input, JSON text (a
            ``str`` starting with ``{``), an open file, or an already parsed
            ``dict``.
        strict: With ``True`` (the default), any problem raises; with
            ``False``, what can be read is kept and the rest is returned as
            :class:`Rejected` items. Either way nothing is silently dropped:
            the accepted records plus the rejected items are exactly the input.

    Returns:
        The :class:`~sellerquality.allegro.SellerActivity`; with
        ``strict=False``, the pair ``(activity, rejected)``.

    Raises:
        LoadError: (strict) One error listing every problem with its JSON path,
            e.g. ``$.orders[17].bought_at``. Also raised in lenient mode when
            the document cannot be read as a whole: the file cannot be read
            or is not a regular file, the text is not UTF-8 or not JSON,
            it is nested too deeply, it repeats a key within one object, or
            it is not an object.
        InvalidTypeError: ``source`` is none of the kinds above (``bytes``,
            say).
        InvalidValueError: ``source`` is an empty string.

    Example:
        >>> from sellerquality import load
        >>> activity = load(
        ...     '{"orders": [{"id": "o-1", "bought_at": '
        ...     '"2022-03-01T10:00:00+01:00", "total": {"amount": "99.90"}}]}'
        ... )
        >>> activity.orders[0].total
        Money(amount=Decimal('99.90'), currency='PLN')
    """
    data, label = read_source(source)
    if not isinstance(data, Mapping):
        reason = f"is {describe(data)}; expected an object (a JSON {{...}}) of sections"
        raise LoadError([PathProblem("$", reason)], source=label)
    if "format" in data and data["format"] != FORMAT:
        problem = PathProblem(
            "$.format", f"is {show(data['format'])}; this version reads {FORMAT!r}"
        )
        raise LoadError([problem], source=label)

    # Each rejected item with its place in the input: (section position, index).
    position = {key: number for number, key in enumerate(data)}
    rejected: list[tuple[int, int, Rejected]] = []

    def reject(section: str, index: int, item: Rejected) -> None:
        rejected.append((position[section], index, item))

    for key in data:
        if not isinstance(key, str):
            path = f"${key_path(key)}"
            problem = PathProblem(
                path, "is not a section name: the keys of a JSON object are strings"
            )
            rejected.append((position[key], -1, Rejected(path, (problem,), data[key])))
        elif key not in _TOP_LEVEL:
            path = f"${key_path(key)}"
            reject(key, -1, Rejected(path, (PathProblem(path, "unknown section"),), data[key]))

    account = SellerAccount()
    if "account" in data:
        problems = expect_object(data["account"], "$.account")
        if not problems:
            try:
                account = CONVERTER.structure(data["account"], SellerAccount)
            except Exception as exc:  # noqa: BLE001 - reported as a rejected item
                problems = problems_of(exc, "$.account")
        if problems:
            reject("account", -1, Rejected("$.account", tuple(problems), data["account"]))

    records: dict[str, list[tuple[int, str, Any, Any]]] = {}
    for name, cls in _KINDS:
        kept: list[tuple[int, str, Any, Any]] = []
        seen: dict[str, str] = {}
        items = data.get(name, [])
        for index, record, problems in decode_each(items, cls, f"$.{name}"):
            path = f"$.{name}" if index < 0 else f"$.{name}[{index}]"
            raw = items if index < 0 else items[index]
            if record is None:
                reject(name, index, Rejected(path, tuple(problems), raw))
            elif record.id in seen:
                reason = f"duplicate id {show(record.id)}; first at {seen[record.id]}"
                reject(name, index, Rejected(path, (PathProblem(f"{path}.id", reason),), raw))
            else:
                seen[record.id] = path
                kept.append((index, path, record, raw))
        records[name] = kept

    orders = records["orders"]
    if orders:
        # The most common currency wins (the first seen on a tie); the rest are rejected.
        counts = Counter(record.total.currency for _, _, record, _ in orders)
        first_seen = {
            record.total.currency: i for i, (_, _, record, _) in reversed(list(enumerate(orders)))
        }
        currency = max(counts, key=lambda code: (counts[code], -first_seen[code]))
        for index, path, record, raw in orders:
            if record.total.currency != currency:
                reason = (
                    f"total is in {record.total.currency}; the seller's orders are in {currency}"
                )
                problem = PathProblem(f"{path}.total", reason)
                reject("orders", index, Rejected(path, (problem,), raw))
        records["orders"] = [item for item in orders if item[2].total.currency == currency]

    # A dispute about an order is opened after its purchase (DI-2): checked across
    # records here, so that lenient reading rejects the dispute instead of raising.
    bought = {record.id: record.bought_at for _, _, record, _ in records["orders"]}
    disputes = []
    for index, path, record, raw in records["disputes"]:
        try:
            check_opened_after_purchase(record, bought)
        except InvalidValueError as exc:
            problem = PathProblem(f"{path}.{exc.field}", str(exc))
            reject("disputes", index, Rejected(path, (problem,), raw))
        else:
            disputes.append((index, path, record, raw))
    records["disputes"] = disputes

    rejected.sort(key=lambda item: (item[0], item[1]))
    if strict and rejected:
        problems = [problem for *_, item in rejected for problem in item.problems]
        raise LoadError(problems, source=label)

    activity = SellerActivity(
        account=account,
        **{name: [record for _, _, record, _ in kept] for name, kept in records.items()},
    )
    if strict:
        return activity
    return activity, tuple(item for *_, item in rejected)


def dump(activity: SellerActivity) -> dict[str, Any]:
    """Return ``activity`` as a JSON-ready dict in our format.

    Fields at their default are left out, so files stay small and readable;
    :func:`load` restores them. ``load(dump(activity)) == activity`` always.

    Example:
        >>> import json
        >>> from sellerquality import dump
        >>> from sellerquality.allegro import SellerActivity, SellerAccount
        >>> json.dumps(dump(SellerActivity(account=SellerAccount(business=True))))
        '{"format": "sellerquality/1", "account": {"business": true}, "offers": [], \
"orders": [], "disputes": [], "ratings": [], "messages": [], "violations": []}'

    Raises:
        InvalidTypeError: ``activity`` is not a
            :class:`~sellerquality.allegro.SellerActivity`; a result (a report,
            an eligibility, ...) is written with :func:`to_json` instead.
    """
    if not isinstance(activity, SellerActivity):
        raise InvalidTypeError(
            field="activity",
            value=type(activity).__name__,
            reason="is not a SellerActivity: dump writes a seller's records; "
            "write a result with sellerquality.to_json",
        )
    result: dict[str, Any] = {
        "format": FORMAT,
        "account": CONVERTER.unstructure(activity.account, SellerAccount),
    }
    for name, cls in _KINDS:
        result[name] = [CONVERTER.unstructure(record, cls) for record in getattr(activity, name)]
    return result
