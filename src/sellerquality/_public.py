"""Give re-exported objects their public home as ``__module__``."""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING

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
    try:
        resolved = inspect.get_annotations(cls, eval_str=True)
    except NameError:
        # An annotation names a type imported only for type checkers; then
        # get_type_hints failed in the defining module as well, so leave it.
        return
    cls.__annotations__ = resolved
    if attrs.has(cls):
        attrs.resolve_types(cls)
