"""``values.quick_init``: the frozen values the state of a dossier makes by the hundred take the same parameters
and hold the same values as with dataclasses' own ``__init__``, and stay frozen, equal and hashable."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect

import pytest

from dossier_app.deadlines.advice import Advice, Notice
from dossier_app.deadlines.consequences import Change, Event, Term
from dossier_app.services.caseload import CaseloadItem
from dossier_app.services.deadlines import TrajectState
from dossier_app.services.intake import TrajectMatch
from dossier_app.services.next_steps import NextStep, TrajectSteps
from dossier_app.store.dossier_deadlines import DeadlineItem
from dossier_app.values import quick_init

QUICK = (Advice, Notice, Term, Event, Change, TrajectMatch, CaseloadItem, TrajectState, NextStep, TrajectSteps,
         DeadlineItem)


def _reference(cls):
    """The same class as dataclasses alone makes it."""
    fields = [(field.name, field.type) if field.default is dataclasses.MISSING
              else (field.name, field.type, dataclasses.field(default=field.default))
              for field in dataclasses.fields(cls)]
    return dataclasses.make_dataclass(cls.__name__, fields, frozen=True)


def _parameters(cls):
    return [(name, parameter.default, parameter.kind)
            for name, parameter in inspect.signature(cls.__init__).parameters.items()]


@pytest.mark.parametrize("cls", QUICK, ids=lambda cls: cls.__name__)
def test_the_same_parameters_and_values_as_dataclasses_gives(cls):
    reference = _reference(cls)
    assert _parameters(cls) == _parameters(reference)
    fields = dataclasses.fields(cls)
    required = [field for field in fields if field.default is dataclasses.MISSING]
    values = {field.name: f"waarde {number}" for number, field in enumerate(fields)}
    for made, expected in (
            (cls(*values.values()), reference(*values.values())),                   # every field, in order
            (cls(**values), reference(**values)),                                   # by name
            (cls(*(values[field.name] for field in required)),                      # the defaults
             reference(*(values[field.name] for field in required)))):
        assert {field.name: getattr(made, field.name) for field in fields} == dataclasses.asdict(expected)
        assert made == cls(**dataclasses.asdict(expected)) and hash(made) == hash(cls(**dataclasses.asdict(expected)))
        assert repr(made).split("(", 1)[1] == repr(expected).split("(", 1)[1]
        with pytest.raises(dataclasses.FrozenInstanceError):
            made.__setattr__(fields[0].name, "anders")
    with pytest.raises(TypeError):
        cls()                                                                       # a required field left out
    with pytest.raises(TypeError):
        cls(*values.values(), "één te veel")


def test_a_real_value_is_the_same():
    day = dt.date(2026, 11, 22)
    term = Term(7, "bezwaartermijn", day, open=False, done_on=day, closed_reason="besluit")
    assert dataclasses.replace(term, title="x") == Term(7, "bezwaartermijn", day, None, False, None, "", "x",
                                                        False, (), day, "besluit", "")


def test_only_plain_frozen_dataclasses():
    @dataclasses.dataclass
    class Loose:
        a: int

    @dataclasses.dataclass(frozen=True)
    class Checked:
        a: int

        def __post_init__(self):
            pass

    @dataclasses.dataclass(frozen=True)
    class Listed:
        a: list = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True)
    class Named:
        a: int = dataclasses.field(default=1, kw_only=True)

    for cls in (Loose, Checked, Listed, Named):
        with pytest.raises(TypeError):
            quick_init(cls)
