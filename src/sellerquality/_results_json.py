"""Results as JSON and back: exact values as exact strings, with a plain number beside each.

:func:`to_json` writes any result of the library (a report, a history, an
eligibility, a forecast, a deadline, an AliExpress summary, ...) and
:func:`from_json` reads it back into an equal object. What is exact stays
exact: a rate is the fraction ``"361/371"``, a duration ISO 8601
(``"PT8H13M"``), an amount a decimal string in a money object. Front-ends
that want to plot rather than compute get a plain number beside each of them
(``"value_number": 0.973``), which :func:`from_json` ignores.
"""

from __future__ import annotations

import enum
import functools
import json
import re
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from types import NoneType, UnionType
from typing import Any, Final, TypeVar, Union, get_args, get_origin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from ._frozen import FrozenMap
from ._money import Money
from ._serde import parse_duration, parse_json, problems_of
from .exceptions import InvalidTypeError, InvalidValueError, LoadError, PathProblem

__all__ = ["FORMATS", "from_json", "to_data", "to_json"]

T = TypeVar("T")
# The API reference shows a type variable as plain ``T`` only when it names no
# module (Sphinx links ``module.T`` otherwise, a private path here).
T.__module__ = "typing"

FORMATS: Final = {
    "QualityReport": "sellerquality.report/1",
    "Forecast": "sellerquality.forecast/1",
    "Eligibility": "sellerquality.eligibility/1",
}
"""The ``schema`` tag written at the top of the results that have a published shape."""

_KEYED_BY: Final = {"AreaScore": "area", "MetricResult": "code", "MetricForecast": "code"}
"""Mappings of these are written as lists (in order); each item holds its own key."""

_DERIVED: Final = {"QualityReport": {"day": "as_of"}}
"""Properties written for readers' convenience (each after the field it follows), not read."""

_SKIPPED: Final = {"QualityReport": ("forecast", "programmes")}
"""What ``sellerquality report --format json`` adds to a report, skipped when reading one."""

_FRACTION: Final = re.compile(r"-?\d+/\d+")
_DECIMAL: Final = re.compile(r"-?\d+(?:\.\d+)?")
_DURATION: Final = re.compile(r"-?P[0-9WDTHMS.]+")


def _fraction_text(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


def _read_fraction(value: Any, _: object = None) -> Fraction:
    if not isinstance(value, str) or not _FRACTION.fullmatch(value):
        raise InvalidTypeError(
            field="rate", value=value, reason='must be a fraction like "361/371"'
        )
    numerator, denominator = value.split("/")
    if int(denominator) == 0:
        raise InvalidValueError(field="rate", value=value, reason="has a zero denominator")
    return Fraction(int(numerator), int(denominator))


def _decimal_text(value: Decimal) -> str:
    return f"{value:f}"


def _read_decimal(value: Any, _: object = None) -> Decimal:
    if not isinstance(value, str) or not _DECIMAL.fullmatch(value):
        raise InvalidTypeError(field="decimal", value=value, reason='must be a string like "4.915"')
    try:
        return Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise InvalidTypeError(field="decimal", value=value, reason="is not a number") from None


def _duration_text(value: timedelta) -> str:
    """ISO 8601 in hours, minutes and seconds; a leading ``-`` for a negative duration."""
    sign, size = ("-", -value) if value < timedelta(0) else ("", value)
    hours, rest = divmod(size.days * 86400 + size.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if seconds or size.microseconds:
        fraction = f".{size.microseconds:06d}".rstrip("0") if size.microseconds else ""
        text += f"{seconds}{fraction}S"
    return f"{sign}PT{text or '0S'}"


def _read_duration(value: Any, _: object = None) -> timedelta:
    if not isinstance(value, str) or not _DURATION.fullmatch(value):
        raise InvalidTypeError(field="duration", value=value, reason='must be ISO 8601 like "PT8H"')
    if value.startswith("-"):
        return -parse_duration(value[1:])
    return parse_duration(value)


def _read_datetime(value: Any, _: object = None) -> datetime:
    if not isinstance(value, str):
        raise InvalidTypeError(field="instant", value=value, reason="must be an ISO 8601 string")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidValueError(field="instant", value=value, reason="is not ISO 8601") from None
    if moment.utcoffset() is None:
        raise InvalidValueError(field="instant", value=value, reason="has no UTC offset")
    return moment


def _read_date(value: Any, _: object = None) -> date:
    if not isinstance(value, str):
        raise InvalidTypeError(field="day", value=value, reason="must be a YYYY-MM-DD string")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidValueError(field="day", value=value, reason="is not YYYY-MM-DD") from None


def _read_zone(value: Any, _: object = None) -> ZoneInfo:
    if not isinstance(value, str):
        raise InvalidTypeError(field="zone", value=value, reason="must be an IANA zone name")
    try:
        return ZoneInfo(value)
    except (ValueError, ZoneInfoNotFoundError):
        raise InvalidValueError(field="zone", value=value, reason="is not a known zone") from None


def _money_data(value: Money) -> dict[str, str]:
    return {"amount": _decimal_text(value.amount), "currency": value.currency}


def _read_money(value: Any, _: object = None) -> Money:
    if not isinstance(value, dict) or set(value) != {"amount", "currency"}:
        raise InvalidTypeError(
            field="money", value=value, reason='must be {"amount": "12.50", "currency": "PLN"}'
        )
    return Money(_read_decimal(value["amount"]), value["currency"])


def _read_int(value: Any, _: object = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(field="count", value=value, reason="must be a JSON integer")
    return value


def _read_bool(value: Any, _: object = None) -> bool:
    if not isinstance(value, bool):
        raise InvalidTypeError(field="flag", value=value, reason="must be true or false")
    return value


def _read_str(value: Any, _: object = None) -> str:
    if not isinstance(value, str):
        raise InvalidTypeError(field="text", value=value, reason="must be a JSON string")
    return value


def _number(value: object) -> float | None:
    """The plain number beside an exact value, for plotting; ``None`` for anything else."""
    if isinstance(value, Fraction | Decimal):
        return float(value)
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Money):
        return float(value.amount)
    return None


def _members(union: Any) -> tuple[Any, ...]:
    return tuple(member for member in get_args(union) if member is not NoneType)


def _is_union(kind: Any) -> bool:
    return get_origin(kind) in (Union, UnionType)


def _enum_classes() -> dict[str, type[enum.Enum]]:
    """Every public enum, by name: what an enum inside an open union can be."""
    from . import aliexpress, allegro  # noqa: PLC0415 - the packages import this module's users

    found: dict[str, type[enum.Enum]] = {}
    for package in (allegro, aliexpress):
        for name in package.__all__:
            item = getattr(package, name)
            if isinstance(item, type) and issubclass(item, enum.Enum):
                found[name] = item
    return found


def _union_writer(converter: cattrs.Converter) -> Callable[[Any], Any]:
    def write(value: Any) -> Any:
        if isinstance(value, enum.Enum):
            # In an open union (a criterion's "actual"), an enum says which one it is.
            return {"enum": type(value).__name__, "value": value.value}
        return converter.unstructure(value)

    return write


def _union_reader(union: Any) -> Callable[[Any, Any], Any]:
    """Read a union by the shape of its JSON, which the writer keeps distinct."""
    members = set(_members(union))
    optional = NoneType in get_args(union)
    has_enum = any(isinstance(m, type) and issubclass(m, enum.Enum) for m in members)

    def read(value: Any, _: Any) -> Any:
        if value is None and optional:
            return None
        if isinstance(value, bool) and bool in members:
            return value
        if isinstance(value, int) and not isinstance(value, bool) and int in members:
            return value
        if isinstance(value, dict):
            if has_enum and set(value) == {"enum", "value"}:
                enums = _enum_classes()
                if value["enum"] not in enums:
                    raise InvalidValueError(
                        field="enum", value=value["enum"], reason="is not an enum of the library"
                    )
                return enums[value["enum"]](value["value"])
            if Money in members:
                return _read_money(value)
        if isinstance(value, str):
            if Fraction in members and _FRACTION.fullmatch(value):
                return _read_fraction(value)
            if timedelta in members and _DURATION.fullmatch(value):
                return _read_duration(value)
            if Decimal in members and _DECIMAL.fullmatch(value):
                return _read_decimal(value)
            if str in members:
                return value
        expected = " or ".join(sorted(getattr(m, "__name__", str(m)) for m in members))
        raise InvalidTypeError(field="value", value=value, reason=f"is not one of {expected}")

    return read


def _keyed_item(kind: Any) -> str | None:
    """The key field of the items of a ``Mapping[K, V]`` written as a list, if it is one."""
    if get_origin(kind) is not Mapping:
        return None
    _, item = get_args(kind)
    return _KEYED_BY.get(getattr(item, "__name__", ""))


def _keyed_writer(converter: cattrs.Converter, item: type) -> Callable[[Any], list[Any]]:
    def write(mapping: Mapping[Any, Any]) -> list[Any]:
        return [converter.unstructure(value, item) for value in mapping.values()]

    return write


def _keyed_reader(
    converter: cattrs.Converter, item: type, key: str
) -> Callable[[Any, Any], FrozenMap[Any, Any]]:
    def read(data: Any, _: Any) -> FrozenMap[Any, Any]:
        if not isinstance(data, list):
            raise InvalidTypeError(field=key, value=data, reason="must be a JSON array")
        values: list[Any] = converter.structure(data, list[item])  # type: ignore[valid-type]
        return FrozenMap((getattr(value, key), value) for value in values)

    return read


def _attrs_writer(converter: cattrs.Converter, cls: type) -> Callable[[Any], dict[str, Any]]:
    overrides: dict[str, Any] = {}
    for field in attrs.fields(cls):
        if _keyed_item(field.type) is not None:
            item = get_args(field.type)[1]
            overrides[field.name] = cattrs.gen.override(
                unstruct_hook=_keyed_writer(converter, item)
            )
    base: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(cls, converter, **overrides)
    name = cls.__name__
    tag = FORMATS.get(name)
    derived = {after: prop for prop, after in _DERIVED.get(name, {}).items()}

    def write(instance: Any) -> dict[str, Any]:
        data: dict[str, Any] = {"schema": tag} if tag else {}
        for key, value in base(instance).items():
            data[key] = value
            number = _number(getattr(instance, key, None))
            if number is not None:
                data[f"{key}_number"] = number
            if key in derived:
                data[derived[key]] = converter.unstructure(getattr(instance, derived[key]))
        return data

    return write


def _attrs_reader(converter: cattrs.Converter, cls: type) -> Callable[[Any, Any], Any]:
    fields = attrs.fields(cls)
    overrides: dict[str, Any] = {}
    for field in fields:
        key = _keyed_item(field.type)
        if key is not None:
            item = get_args(field.type)[1]
            overrides[field.name] = cattrs.gen.override(
                struct_hook=_keyed_reader(converter, item, key)
            )
    base: Callable[[Any, Any], Any] = make_dict_structure_fn(
        cls, converter, _cattrs_forbid_extra_keys=True, **overrides
    )
    name = cls.__name__
    tag = FORMATS.get(name)
    ignored = (
        {f"{field.name}_number" for field in fields}
        | set(_DERIVED.get(name, ()))
        | set(_SKIPPED.get(name, ()))
    )

    def read(data: Any, _: Any) -> Any:
        if not isinstance(data, dict):
            raise InvalidTypeError(field=name, value=data, reason="must be a JSON object")
        if tag is not None:
            if data.get("schema") != tag:
                raise InvalidValueError(
                    field="schema", value=data.get("schema"), reason=f"is not {tag!r}"
                )
            ignored_here = ignored | {"schema"}
        else:
            ignored_here = ignored
        return base({k: v for k, v in data.items() if k not in ignored_here}, cls)

    return read


def _is_set(kind: Any) -> bool:
    origin = get_origin(kind) or kind
    return isinstance(origin, type) and issubclass(origin, AbstractSet)


def _set_writer(converter: cattrs.Converter) -> Callable[[Any], list[Any]]:
    """Sets as sorted lists, so the same result always gives the same text."""

    def write(values: Any) -> list[Any]:
        return sorted((converter.unstructure(value) for value in values), key=json.dumps)

    return write


@functools.cache
def _converter() -> cattrs.Converter:
    converter = cattrs.Converter(detailed_validation=True)
    for kind, write, read in (
        (Fraction, _fraction_text, _read_fraction),
        (Decimal, _decimal_text, _read_decimal),
        (timedelta, _duration_text, _read_duration),
        (datetime, datetime.isoformat, _read_datetime),
        (date, date.isoformat, _read_date),
        (Money, _money_data, _read_money),
        (ZoneInfo, str, _read_zone),
    ):
        converter.register_unstructure_hook(kind, write)
        converter.register_structure_hook(kind, read)
    converter.register_structure_hook(int, _read_int)
    converter.register_structure_hook(bool, _read_bool)
    converter.register_structure_hook(str, _read_str)
    converter.register_unstructure_hook_factory(
        lambda kind: (
            _is_union(kind)
            and len(_members(kind)) > 1
            and any(isinstance(m, type) and issubclass(m, enum.Enum) for m in _members(kind))
        ),
        lambda _: _union_writer(converter),
    )
    converter.register_structure_hook_factory(
        lambda kind: (
            _is_union(kind)
            and any(m in (Fraction, Decimal, timedelta, Money, str) for m in _members(kind))
        ),
        _union_reader,
    )
    converter.register_unstructure_hook_factory(
        lambda kind: attrs.has(kind) and kind is not Money,
        lambda kind: _attrs_writer(converter, kind),
    )
    converter.register_structure_hook_factory(
        lambda kind: attrs.has(kind) and kind is not Money,
        lambda kind: _attrs_reader(converter, kind),
    )
    converter.register_unstructure_hook_factory(
        _is_set,
        lambda _: _set_writer(converter),
    )
    converter.register_unstructure_hook(
        FrozenMap,
        lambda mapping: {
            converter.unstructure(k): converter.unstructure(v) for k, v in mapping.items()
        },
    )
    return converter


def to_data(result: object) -> Any:
    """What :func:`to_json` writes, as parsed JSON (dicts, lists, strings, numbers)."""
    return _converter().unstructure(result)


def to_json(result: object, *, indent: int | None = 2) -> str:
    """Write a result of the library as JSON that :func:`from_json` reads back equal.

    Any result works: a :class:`~sellerquality.allegro.QualityReport` (tagged
    ``"schema": "sellerquality.report/1"``, with its metrics and areas as
    lists in rulebook order), a history (a tuple of reports, written as a
    list), an :class:`~sellerquality.Eligibility`, a
    :class:`~sellerquality.allegro.Forecast`, deadlines, dispute timelines,
    AliExpress summaries, rulebooks. Exact values stay exact (SQ-A1's rate
    ``"361/371"``, SQ-B1's reply time ``"PT8H13M"``, money as
    ``{"amount": "12.50", "currency": "PLN"}``, instants ISO 8601 with
    their UTC offset) and each rate, duration and amount has a plain number
    beside it (``value_number``: a float; seconds for a duration) for charts
    and front-ends. A value inside an open union that is an enum is written
    ``{"enum": "Grade", "value": "GOOD"}``.

    Args:
        result: The object to write.
        indent: Spaces per level, or ``None`` for one line.

    Example:
        >>> from fractions import Fraction
        >>> from sellerquality import Criterion, from_json, to_json
        >>> criterion = Criterion(
        ...     code="RECOMMENDATION_RATE",
        ...     rule="PR-3",
        ...     actual=Fraction(361, 371),
        ...     required=Fraction(49, 50),
        ...     passed=False,
        ... )
        >>> print(to_json(criterion, indent=None))  # doctest: +NORMALIZE_WHITESPACE
        {"code": "RECOMMENDATION_RATE", "rule": "PR-3", "actual": "361/371",
         "actual_number": 0.9730458221024259, "required": "49/50", "required_number": 0.98,
         "passed": false, "shortfall": null, "description": "", "culprits": []}
        >>> from_json(to_json(criterion), Criterion) == criterion
        True
    """
    return json.dumps(to_data(result), indent=indent, ensure_ascii=False)


def from_json(text: str | bytes, kind: type[T]) -> T:
    """Read what :func:`to_json` wrote back into an object of type ``kind``, equal to the original.

    ``kind`` is the result's class, or a generic alias for a collection of
    results: ``from_json(text, tuple[QualityReport, ...])`` reads a history.
    Instants come back in their written UTC offset (equal instants; a
    ``ZoneInfo`` is not restored). The plain numbers beside exact values
    and derived fields such as a report's ``day`` are ignored, and so are
    the ``forecast`` and ``programmes`` that ``sellerquality report --format
    json`` adds to a report; anything else unknown, missing or malformed
    raises.

    Raises:
        LoadError: The text is not JSON or does not describe a ``kind``; each
            problem names its JSON path (``$.metrics[3].value``).
    """
    data = parse_json(text, "JSON text")
    try:
        return _converter().structure(data, kind)
    except LoadError:
        raise
    except Exception as exc:
        problems = problems_of(exc, "$") or [PathProblem("$", str(exc))]
        raise LoadError(problems, source="JSON text") from exc
