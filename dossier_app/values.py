"""Frozen dataclasses that are quick to make.

dataclasses' own ``__init__`` for a frozen class sets every field through ``object.__setattr__`` (it has to go
around the class's ``__setattr__``, which refuses): 2–3 µs for a value of a dozen fields, eight times the same
class unfrozen. The state of a dossier makes hundreds of such values on every read — its terms, their items and
steps, and in Mijn gezinnen a row for each term and afspraak of ten families — and that was the largest part of
the time above the bare library (issue 25). ``quick_init`` gives such a class an ``__init__`` that takes the
same parameters (names, order, defaults) and fills the instance in one step; the class stays what dataclasses
made it: frozen, compared, hashed and shown the same.
"""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any, TypeVar

_Class = TypeVar("_Class", bound=type)


def quick_init(cls: _Class) -> _Class:
    """Put above ``@dataclass(frozen=True)``. Only for plain frozen dataclasses: no ``__post_init__``, no
    ``default_factory``, ``InitVar``, keyword-only or ``init=False`` fields, no slots (TypeError otherwise)."""
    if not dataclasses.is_dataclass(cls) or not cls.__dataclass_params__.frozen:   # type: ignore[attr-defined]
        raise TypeError(f"{cls.__name__}: quick_init is for frozen dataclasses")
    fields = dataclasses.fields(cls)
    names = [field.name for field in fields]
    if (hasattr(cls, "__post_init__") or "__slots__" in cls.__dict__
            or list(inspect.signature(cls.__init__).parameters)[1:] != names
            or any(not field.init or field.kw_only or field.default_factory is not dataclasses.MISSING
                   for field in fields)):
        raise TypeError(f"{cls.__name__}: quick_init takes plain fields only")
    namespace: dict[str, Any] = {}
    parameters = []
    for field in fields:
        if field.default is dataclasses.MISSING:
            parameters.append(field.name)
        else:
            namespace[f"_default_{field.name}"] = field.default
            parameters.append(f"{field.name}=_default_{field.name}")
    values = ", ".join(f"{name!r}: {name}" for name in names)
    source = f"def __init__(self, {', '.join(parameters)}):\n    self.__dict__.update({{{values}}})\n"
    exec(source, namespace)     # noqa: S102 - made from the field names alone, as dataclasses makes its own
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    setattr(cls, "__init__", init)  # noqa: B010 - a class attribute put in place, as dataclasses does
    return cls
