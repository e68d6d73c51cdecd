"""Reading and writing feedback files in the library's JSON format.

The format (see the feedback page of the docs)::

    {
        "feedbacks": [
            {
                "order_id": "8001",
                "rated_at": "2024-05-02T10:00:00+08:00",
                "stars": 5,
                "order_amount": {"amount": "12.50", "currency": "USD"},
                "buyer_id": "b-1",
                "as_described": 5,
                "communication": 4,
                "shipping_speed": 5,
                "order_ended_at": "2024-04-28T09:00:00+08:00",
                "special": false,
            }
        ]
    }

Only ``order_id``, ``rated_at``, ``stars`` and ``order_amount`` are required.
Structuring goes through the library's one converter
(``sellerquality._serde.CONVERTER``) with strict hooks for this record:
JSON numbers are not accepted as ids, floats not as stars, strings not as
booleans.
"""

from collections.abc import Iterable, Mapping
from typing import Any, Literal, overload

from cattrs.gen import make_dict_structure_fn, override

from .._json import Rejected, Source, read_source
from .._serde import CONVERTER, expect_object, json_kind, problems_of
from .._shown import key_path, show
from ..exceptions import InvalidTypeError, LoadError, PathProblem
from ._feedback import Feedback

__all__ = ["RejectedFeedback", "dump_feedback", "load_feedback"]

_KEY = "feedbacks"

RejectedFeedback = Rejected
"""The name this reader's rejected items had before every reader shared
:class:`sellerquality.Rejected`; ``index``, ``raw`` and ``problems`` read as before."""


def _expect(field: str, check: type | tuple[type, ...], wanted: str, *, optional: bool) -> Any:
    # One strict hook per field, so that its message names the field.
    def hook(value: Any, _: type) -> Any:
        if optional and value is None:
            return None
        if isinstance(value, bool) is not (check is bool) or not isinstance(value, check):
            raise InvalidTypeError(
                field=field, value=value, reason=f"is {json_kind(value)}; give {wanted}"
            )
        return value

    return override(struct_hook=hook)


CONVERTER.register_structure_hook(
    Feedback,
    make_dict_structure_fn(
        Feedback,
        CONVERTER,
        _cattrs_forbid_extra_keys=True,
        order_id=_expect("order_id", str, "a string", optional=False),
        stars=_expect("stars", int, "a whole number", optional=False),
        special=_expect("special", bool, "true or false", optional=False),
        buyer_id=_expect("buyer_id", str, "a string or null", optional=True),
        as_described=_expect("as_described", int, "a whole number or null", optional=True),
        communication=_expect("communication", int, "a whole number or null", optional=True),
        shipping_speed=_expect("shipping_speed", int, "a whole number or null", optional=True),
    ),
)


def _items(data: Any, source: str | None) -> list[Any]:
    if not isinstance(data, Mapping):
        raise LoadError(
            [PathProblem("$", f'is {json_kind(data)}; give an object like {{"{_KEY}": [...]}}')],
            source=source,
        )
    problems = [PathProblem(f"${key_path(key)}", "unknown field") for key in data if key != _KEY]
    items = data.get(_KEY)
    if _KEY not in data:
        problems.append(PathProblem(f"$.{_KEY}", "required field missing"))
    elif not isinstance(items, list):
        problems.append(PathProblem(f"$.{_KEY}", f"is {json_kind(items)}; give an array"))
    if problems:
        raise LoadError(problems, source=source)
    assert isinstance(items, list)
    return items


@overload
def load_feedback(source: Source, *, strict: Literal[True] = True) -> tuple[Feedback, ...]: ...


@overload
def load_feedback(
    source: Source, *, strict: Literal[False]
) -> tuple[tuple[Feedback, ...], tuple[Rejected, ...]]: ...


def load_feedback(
    source: Source, *, strict: bool = True
) -> tuple[Feedback, ...] | tuple[tuple[Feedback, ...], tuple[Rejected, ...]]:
    """Read feedback records from a JSON file, file object or parsed mapping.

    Implements the input side of AE-F1 … AE-F3: every record is checked as
    :class:`Feedback` checks it (stars 1..5, aware instants, amounts in USD,
    rated within 30 days of the order's end), and an order rated twice is
    refused.

    Args:
        source: A path, ``"-"`` for standard input, JSON text, an open
            file, or the parsed JSON as a mapping (read as
            :func:`sellerquality.load` reads).
        strict: If true, any problem raises; if false, the readable items are
            returned with the rejected ones, so that nothing is dropped.

    Returns:
        The records in file order if ``strict``; otherwise ``(accepted,
        rejected)``, where ``len(accepted) + len(rejected)`` is the number of
        items in the file.

    Raises:
        LoadError: The file cannot be read or is not JSON; the top level is
            not ``{"feedbacks": [...]}``; or, if ``strict``, any item has a
            problem. Each problem carries its JSON path, such as
            ``$.feedbacks[3].stars``.

    Example:
        >>> from sellerquality.aliexpress import load_feedback
        >>> data = {
        ...     "feedbacks": [
        ...         {
        ...             "order_id": "1",
        ...             "rated_at": "2024-05-01T10:00:00+00:00",
        ...             "stars": 5,
        ...             "order_amount": {"amount": "9.90", "currency": "USD"},
        ...         },
        ...         {
        ...             "order_id": "2",
        ...             "rated_at": "2024-05-02T10:00:00+00:00",
        ...             "stars": 6,
        ...             "order_amount": {"amount": "9.90", "currency": "USD"},
        ...         },
        ...     ]
        ... }
        >>> accepted, rejected = load_feedback(data, strict=False)
        >>> [record.order_id for record in accepted]
        ['1']
        >>> print(rejected[0].problems[0])
        $.feedbacks[1].stars: Feedback '2': stars 6 is outside 1..5
    """
    data, name = read_source(source)
    items = _items(data, name)
    accepted: list[Feedback] = []
    rejected: list[Rejected] = []
    first_seen: dict[str, int] = {}
    for index, item in enumerate(items):
        path = f"$.{_KEY}[{index}]"
        shape = expect_object(item, path)
        if shape:
            rejected.append(Rejected(path, tuple(shape), item))
            continue
        try:
            record = CONVERTER.structure(item, Feedback)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a reported problem
            rejected.append(Rejected(path, tuple(problems_of(exc, path)), item))
            continue
        if record.order_id in first_seen:
            problem = PathProblem(
                f"{path}.order_id",
                f"order {show(record.order_id)} is rated twice "
                f"(first at $.{_KEY}[{first_seen[record.order_id]}])",
            )
            rejected.append(Rejected(path, (problem,), item))
            continue
        first_seen[record.order_id] = index
        accepted.append(record)
    if strict:
        if rejected:
            raise LoadError(
                [problem for item in rejected for problem in item.problems], source=name
            )
        return tuple(accepted)
    return tuple(accepted), tuple(rejected)


def dump_feedback(feedbacks: Iterable[Feedback]) -> dict[str, Any]:
    """Return feedback records in the JSON format :func:`load_feedback` reads.

    Writes the records of AE-F1 … AE-F3 field by field; nothing is rounded.

    The result round-trips: ``load_feedback(dump_feedback(records))`` equals
    ``tuple(records)``.

    Args:
        feedbacks: The records.

    Returns:
        ``{"feedbacks": [...]}``, ready for ``json.dumps``.
    """
    return {_KEY: [CONVERTER.unstructure(record, Feedback) for record in feedbacks]}
