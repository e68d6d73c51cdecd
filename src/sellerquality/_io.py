"""Our JSON format for a seller's activity: :func:`load` and :func:`dump`.

The format is described, with a complete example, in ``docs/data-model.md``.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any, Final, Literal, overload

import attrs
from cattrs.gen import make_dict_unstructure_fn

from ._serde import CONVERTER, decode_each, problems_of
from .allegro._model import (
    Dispute,
    Message,
    Offer,
    Order,
    Rating,
    SellerAccount,
    SellerActivity,
    Violation,
)
from .exceptions import LoadError, PathProblem

__all__ = ["FORMAT", "Rejected", "dump", "load"]

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


Source = str | os.PathLike[str] | IO[str] | IO[bytes] | Mapping[str, Any]


def _read(source: Source) -> tuple[Any, str | None]:
    if isinstance(source, Mapping):
        return source, None
    if isinstance(source, os.PathLike) or (
        isinstance(source, str) and not source.lstrip().startswith(("{", "["))
    ):
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise LoadError(
                [PathProblem("$", f"cannot read file: {exc.strerror}")], source=str(path)
            ) from None
        return _parse(text, str(path)), str(path)
    if isinstance(source, str):
        return _parse(source, None), None
    name = getattr(source, "name", None)
    label = name if isinstance(name, str) else None
    return _parse(source.read(), label), label


def _parse(text: str | bytes, label: str | None) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(
            [PathProblem("$", f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")],
            source=label,
        ) from None


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
        source: A path (``str`` or :class:`~os.PathLike`), JSON text (a
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
            the input is not JSON or not an object at all.

    Example:
        >>> from sellerquality import load
        >>> activity = load(
        ...     '{"orders": [{"id": "o-1", "bought_at": '
        ...     '"2022-03-01T10:00:00+01:00", "total": {"amount": "99.90"}}]}'
        ... )
        >>> activity.orders[0].total
        Money(amount=Decimal('99.90'), currency='PLN')
    """
    data, label = _read(source)
    if not isinstance(data, Mapping):
        raise LoadError([PathProblem("$", "must be a JSON object")], source=label)
    rejected = [
        Rejected(f"$.{key}", (PathProblem(f"$.{key}", "unknown section"),), data[key])
        for key in sorted(set(data) - _TOP_LEVEL)
    ]
    if "format" in data and data["format"] != FORMAT:
        problem = PathProblem("$.format", f"is {data['format']!r}; this version reads {FORMAT!r}")
        raise LoadError([problem], source=label)

    account = SellerAccount()
    if "account" in data:
        try:
            account = CONVERTER.structure(data["account"], SellerAccount)
        except Exception as exc:  # noqa: BLE001 - reported as a rejected item
            rejected.append(
                Rejected("$.account", tuple(problems_of(exc, "$.account")), data["account"])
            )

    records: dict[str, list[Any]] = {}
    for name, cls in _KINDS:
        kept: list[Any] = []
        seen: dict[str, str] = {}
        items = data.get(name, [])
        for index, record, problems in decode_each(items, cls, f"$.{name}"):
            path = f"$.{name}" if index < 0 else f"$.{name}[{index}]"
            raw = items if index < 0 else items[index]
            if record is None:
                rejected.append(Rejected(path, tuple(problems), raw))
            elif record.id in seen:
                reason = f"duplicate id {record.id!r}; first at {seen[record.id]}"
                rejected.append(Rejected(path, (PathProblem(f"{path}.id", reason),), raw))
            else:
                seen[record.id] = path
                kept.append((path, record, raw))
        records[name] = kept

    orders = records["orders"]
    if orders:
        # The most common currency wins (the first seen on a tie); the rest are rejected.
        counts = Counter(record.total.currency for _, record, _ in orders)
        first_seen = {
            record.total.currency: i for i, (_, record, _) in reversed(list(enumerate(orders)))
        }
        currency = max(counts, key=lambda code: (counts[code], -first_seen[code]))
        for path, record, raw in orders:
            if record.total.currency != currency:
                reason = (
                    f"total is in {record.total.currency}; the seller's orders are in {currency}"
                )
                rejected.append(Rejected(path, (PathProblem(f"{path}.total", reason),), raw))
        records["orders"] = [item for item in orders if item[1].total.currency == currency]

    rejected.sort(key=_input_order(data))
    if strict and rejected:
        problems = [problem for item in rejected for problem in item.problems]
        raise LoadError(problems, source=label)

    activity = SellerActivity(
        account=account,
        **{name: [record for _, record, _ in kept] for name, kept in records.items()},
    )
    if strict:
        return activity
    return activity, tuple(rejected)


def _input_order(data: Mapping[str, Any]) -> Callable[[Rejected], tuple[int, int]]:
    sections = {name: position for position, name in enumerate(data)}

    def key(item: Rejected) -> tuple[int, int]:
        head = item.path[2:].split("[", 1)
        index = int(head[1].rstrip("]")) if len(head) > 1 else -1
        return sections.get(head[0], len(sections)), index

    return key


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
    """
    result: dict[str, Any] = {
        "format": FORMAT,
        "account": CONVERTER.unstructure(activity.account, SellerAccount),
    }
    for name, cls in _KINDS:
        result[name] = [CONVERTER.unstructure(record, cls) for record in getattr(activity, name)]
    return result
