"""Give re-exported objects their public home as ``__module__``."""

from __future__ import annotations

import inspect
import sys
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence


def publish(namespace: Mapping[str, object], names: Sequence[str], home: str) -> None:
    """Set ``__module__`` of each class and function in ``names`` to ``home``.

    Objects then report the path users import (``sellerquality.Money``, not
    ``sellerquality._money.Money``) in reprs, tracebacks and the API
    reference, and pickle stores that path, which imports them too. Objects
    already at home in a public module (``sellerquality.exceptions``) keep it.

    ``typing.get_type_hints`` (which cattrs uses) reads a class's string
    annotations in the module its ``__module__`` names, where the names they
    use are not imported; so each class's own annotations are resolved first,
    in the module that defines it, and stored resolved (attrs fields too),
    before it moves.
    """
    for name in names:
        item = namespace[name]
        if not (isinstance(item, type) or inspect.isfunction(item)):
            continue
        if item.__name__ != name:
            # An alias (``RejectedFeedback`` is ``sellerquality.Rejected``):
            # the object's home is where it is exported under its own name.
            continue
        if not any(part.startswith("_") for part in item.__module__.split(".")):
            continue
        if isinstance(item, type):
            _resolve_annotations(item)
        item.__module__ = home


def _resolve_annotations(cls: type) -> None:
    """Evaluate each string annotation in the defining module; keep those it cannot.

    An annotation naming a type imported only for type checkers (a private
    cache field, say) stays a string; every other one, the fields cattrs
    reads among them, is stored resolved.
    """
    module = sys.modules[cls.__module__].__dict__
    resolved: dict[str, Any] = {}
    for name, annotation in inspect.get_annotations(cls).items():
        try:
            resolved[name] = (
                eval(annotation, module, dict(vars(cls)))  # noqa: S307 - the class's own annotation
                if isinstance(annotation, str)
                else annotation
            )
        except NameError:
            resolved[name] = annotation
    cls.__annotations__ = resolved
    if attrs.has(cls):
        for field in attrs.fields(cls):
            if field.name in resolved:
                object.__setattr__(field, "type", resolved[field.name])
        cls.__attrs_types_resolved__ = cls  # type: ignore[attr-defined]
