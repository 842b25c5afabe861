"""Compute legal deadlines exactly as the law counts them, with an explanation.

Awb week terms: counted from the day after the event; an n-week term ends on
the same weekday as the event. The Algemene termijnenwet (art. 1) moves a last
day on a Saturday, Sunday or feestdag to the next day that is none of those;
it does not apply to terms longer than twelve weeks (art. 4), nor to the
dwangsom days, nor to EU-law terms (the AVG month, Regulation 1182/71, which
has its own working-day rule).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, NoReturn

from dateutil.relativedelta import relativedelta

from dossier_app.deadlines.calendar import gelijkstelling_published, next_working_day
from dossier_app.dutch import euro, long_date, period_words, weekday_date
from dossier_app.errors import UsageError

ATW_MAX_WEEKS = 12  # Atw art. 4: not for terms longer than twelve weeks / three months


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    basis: str
    kind: str
    term: int
    atw: bool
    start_label: str
    who: str
    description: str
    next_step: str
    term_committee: int | None = None
    max_postponement: int | None = None
    extension: int | None = None
    dwangsom: tuple[tuple[int, int, int], ...] = ()
    postponement_basis: str = ""
    consent_basis: str = ""          # further postponement with the family's consent (Awb 7:10 lid 4)
    suspension_basis: str = ""
    suspension_reason: str = ""
    extension_basis: str = ""
    decides_on: str = ""             # a beslistermijn: what the organisation decides on ('aanvraag' | 'bezwaar')
    traject_committee: bool = False  # the traject's adviescommissie (Awb 7:13) gives it the longer term
    repair_rule: str = ""            # the term that suspends it while the family repairs its bezwaar (Awb 7:10 lid 2)


def _load_rules() -> dict[str, Rule]:
    text = resources.files(__package__).joinpath("rules.toml").read_text(encoding="utf-8")
    rules = {}
    for rule_id, row in tomllib.loads(text).items():
        rules[rule_id] = Rule(
            id=rule_id, title=row["titel"], basis=row["grondslag"], kind=row["soort"],
            term=row["duur"], atw=row["atw"], start_label=row["begin"], who=row["wie"],
            description=row["uitleg"], next_step=row["volgende_stap"],
            term_committee=row.get("duur_commissie"), max_postponement=row.get("max_verdaging"),
            extension=row.get("verlenging"),
            dwangsom=tuple((band["van"], band["tot"], band["bedrag"]) for band in row.get("dwangsom", ())),
            postponement_basis=row.get("verdaging_grondslag", ""), consent_basis=row.get("uitstel_instemming", ""),
            suspension_basis=row.get("opschorting", {}).get("grondslag", ""),
            suspension_reason=row.get("opschorting", {}).get("reden", ""),
            extension_basis=row.get("verlenging_grondslag", ""),
            decides_on=row.get("beslist_op", ""), traject_committee=bool(row.get("commissie_van_traject", False)),
            repair_rule=row.get("hersteltermijn", ""),
        )
    return rules


RULES = _load_rules()


def rule_ids() -> list[str]:
    return list(RULES)


@dataclass
class DeadlineResult:
    rule: str
    title: str
    start: dt.date
    deadline: dt.date
    basis: str
    steps: list[str]
    who: str
    next_step: str
    description: str
    dwangsom: list[dict[str, Any]] = field(default_factory=list)
    dwangsom_owed: float | None = None
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def explanation(self) -> str:
        text = "; ".join(self.steps)
        return text[0].upper() + text[1:] + "."

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule, "title": self.title, "start": self.start.isoformat(),
            "deadline": self.deadline.isoformat(), "basis": self.basis,
            "explanation": self.explanation, "steps": self.steps, "who": self.who,
            "next_step": self.next_step, "options": self.options,
        }
        if self.dwangsom:
            data["dwangsom"] = self.dwangsom
            data["dwangsom_max"] = sum((to - start + 1) * amount for start, to, amount in RULES[self.rule].dwangsom)
        if self.dwangsom_owed is not None:
            data["dwangsom_owed"] = self.dwangsom_owed
        return data


def _apply_atw(rule: Rule, end: dt.date, weeks: int, steps: list[str]) -> dt.date:
    if not rule.atw:
        return end
    if weeks > ATW_MAX_WEEKS:
        steps.append("de termijn is langer dan twaalf weken, dus de Algemene termijnenwet verschuift "
                     "de laatste dag niet")
        return end
    moved, skipped = next_working_day(end)
    _note_unpublished_year(moved, steps)
    if not skipped:
        steps.append("geen weekend of feestdag")
        return end
    reasons = ", ".join(f"{weekday_date(day, with_year=False)} is {reason}" if reason not in ("zaterdag", "zondag")
                        else f"{weekday_date(day, with_year=False)}" for day, reason in skipped)
    steps.append(f"dat valt niet op een werkdag ({reasons}); de Algemene termijnenwet verschuift "
                 f"de laatste dag naar {weekday_date(moved)}")
    return moved


def _note_unpublished_year(day: dt.date, steps: list[str]) -> None:
    """Say so when the calendar of ``day``'s year may still get a gelijkgestelde dag."""
    if not gelijkstelling_published(day.year):
        steps.append(f"voor {day.year} is nog geen besluit bekend dat dagen gelijkstelt aan een feestdag "
                     "(Atw art. 3 lid 3); komt dat er nog, dan kan de laatste dag een dag opschuiven. "
                     "Controleer het dichter bij de datum")


def _check_options(rule: Rule, *, postponement_weeks: int, committee: bool, extension: bool,
                   suspensions: Sequence[tuple[dt.date, dt.date]], consent_weeks: int = 0) -> None:
    def refuse(option: str) -> NoReturn:
        raise UsageError(f"De optie {option} hoort niet bij de regel {rule.id}.")

    if postponement_weeks:
        if postponement_weeks < 0:
            raise UsageError("Een verdaging moet een positief aantal weken zijn.")
        if not rule.postponement_basis:
            refuse("verdaging")
        if rule.max_postponement is not None and postponement_weeks > rule.max_postponement:
            message = (f"Een verdaging bij de regel {rule.id} is hoogstens {rule.max_postponement} weken "
                       f"({rule.postponement_basis}).")
            if rule.consent_basis:
                message += (f" Langer uitstel mag alleen als u ermee instemt ({rule.consent_basis}): "
                            "geef dat apart op als uitstel met instemming.")
            raise UsageError(message)
    if consent_weeks:
        if consent_weeks < 0:
            raise UsageError("Uitstel met instemming moet een positief aantal weken zijn.")
        if not rule.consent_basis:
            refuse("uitstel met instemming")
    if committee and rule.term_committee is None:
        refuse("commissie")
    if extension and rule.extension is None:
        refuse("verlenging")
    if suspensions and not rule.suspension_basis:
        refuse("opschorting")


@dataclass(frozen=True)
class _Changes:
    """What the organisation (or the family) did to a running term."""
    postponement_weeks: int = 0
    postponement_notice: dt.date | None = None
    consent_weeks: int = 0
    suspensions: tuple[tuple[dt.date, dt.date], ...] = ()
    committee: bool = False


def compute(rule_id: str, start: dt.date, *, postponement_weeks: int = 0, committee: bool = False,
            extension: bool = False, suspensions: Sequence[tuple[dt.date, dt.date]] = (), on: dt.date | None = None,
            postponement_notice: dt.date | None = None, consent_weeks: int = 0,
            extension_notice: dt.date | None = None) -> DeadlineResult:
    """The last day of the term ``rule_id`` that starts with the event on ``start``.

    suspensions: (asked_on, supplied_on) pairs: the day the organisation asked to complete
    or repair, and the day that was done or the period given for it ended unused; the
    term stands still in between (Awb 4:15 lid 1 for an aanvraag, Awb 7:10 lid 2 while a
    hersteltermijn runs for a bezwaar), see suspended_days;
    postponement_weeks (with the date of the notice, postponement_notice): verdaging;
    consent_weeks: further postponement with the family's consent (Awb 7:10 lid 4);
    committee: the longer term with an advisory committee; extension (with the date
    of the notice, extension_notice): the AVG two-month extension; on: a date to
    compute the dwangsom owed.
    """
    rule = RULES.get(rule_id)
    if rule is None:
        raise UsageError(f"Onbekende termijnregel '{rule_id}'. Kies uit: {', '.join(RULES)}.")
    suspensions = tuple((a, b) for a, b in suspensions)
    _check_options(rule, postponement_weeks=postponement_weeks, committee=committee,
                   extension=extension, suspensions=suspensions, consent_weeks=consent_weeks)
    if postponement_notice and not postponement_weeks:
        raise UsageError("Geef bij de datum van het verdagingsbericht ook het aantal weken verdaging op.")
    if extension_notice and not extension:
        raise UsageError("Geef bij de datum van het verlengingsbericht ook de verlenging op.")
    options = {key: value for key, value in (
        ("verdaging_weken", postponement_weeks),
        ("verdaging_bericht", postponement_notice.isoformat() if postponement_notice else None),
        ("uitstel_instemming_weken", consent_weeks),
        ("commissie", committee), ("verlenging", extension),
        ("verlenging_bericht", extension_notice.isoformat() if extension_notice else None),
        ("opschortingen", [[a.isoformat(), b.isoformat()] for a, b in suspensions]),
        ("peildatum", on.isoformat() if on else None)) if value}
    steps = [f"{rule.start_label[0].lower() + rule.start_label[1:]} {weekday_date(start)}"]
    result = DeadlineResult(rule.id, rule.title, start, start, rule.basis, steps, rule.who,
                            rule.next_step, rule.description, options=options)
    changes = _Changes(postponement_weeks, postponement_notice, consent_weeks, suspensions, committee)
    try:
        _compute_kind(rule, result, start, steps, changes, on=on, extension=extension,
                      extension_notice=extension_notice)
    except (OverflowError, ValueError) as exc:
        if isinstance(exc, ValueError) and "out of range" not in str(exc):
            raise
        raise UsageError(f"De termijn vanaf {start.strftime('%d-%m-%Y')} zou na het jaar 9999 eindigen; "
                         "controleer de datum.") from None
    return result


def _compute_kind(rule: Rule, result: DeadlineResult, start: dt.date, steps: list[str], changes: _Changes, *,
                  on: dt.date | None, extension: bool, extension_notice: dt.date | None) -> None:
    if rule.kind == "weken":
        result.deadline = _weeks(rule, start, steps, changes)
    elif rule.kind == "na-bezwaartermijn":
        result.deadline = _after_objection_term(rule, start, steps, changes)
    elif rule.kind == "dwangsom":
        result.deadline = _weeks(rule, start, steps, _Changes())
        _dwangsom(rule, result, on)
    elif rule.kind == "eu-maanden":
        result.deadline = _eu_months(rule, start, steps, extension, extension_notice)
    else:  # pragma: no cover - rules.toml is validated by the tests
        raise ValueError(rule.kind)


def _term_weeks(rule: Rule, committee: bool) -> tuple[int, str]:
    # a committee term exists when committee is asked (_check_options refuses it otherwise)
    weeks = rule.term_committee if committee and rule.term_committee is not None else rule.term
    label = period_words(weeks, "weken")
    if committee:
        label += " (met adviescommissie)"
    return weeks, label


def suspended_days(asked_on: dt.date, supplied_on: dt.date) -> int:
    """The days a term stands still (Awb 4:15 lid 1, 7:10 lid 2): from the day after the
    request to complete or repair, until (not including) the day it was completed or the
    period given for it ended unused."""
    return max(0, (supplied_on - asked_on).days - 1)


def _apply_changes(rule: Rule, begin: dt.date, original_end: dt.date, end: dt.date, steps: list[str],
                   changes: _Changes) -> dt.date:
    """Opschorting, verdaging and uitstel met instemming, each a step in the explanation."""
    for asked_on, supplied_on in changes.suspensions:
        if asked_on < begin or supplied_on < asked_on:
            raise UsageError("Een opschorting moet na de start liggen en eindigen op of na de dag van het verzoek.")
        days = suspended_days(asked_on, supplied_on)
        end += dt.timedelta(days=days)
        if days:
            still = (f"de termijn stond stil van {long_date(asked_on + dt.timedelta(days=1))} tot en met "
                     f"{long_date(supplied_on - dt.timedelta(days=1))}: {period_words(days, 'dagen')} erbij")
        else:
            still = "de termijn stond geen dag stil"
        steps.append(f"opgeschort {rule.suspension_reason} ({rule.suspension_basis}): gevraagd op "
                     f"{long_date(asked_on)}, aangevuld (of de termijn daarvoor verstreken) op "
                     f"{long_date(supplied_on)}; {still} → {weekday_date(end)}")
    original_end = end
    if changes.postponement_weeks:
        notice = ""
        if changes.postponement_notice:
            if changes.postponement_notice > original_end:
                raise UsageError(f"Het verdagingsbericht kwam na het einde van de termijn "
                                 f"({long_date(original_end)}); zo'n late verdaging telt niet "
                                 f"({rule.postponement_basis}).")
            notice = f" (bericht van {long_date(changes.postponement_notice)}, {rule.postponement_basis})"
        else:
            notice = f" ({rule.postponement_basis})"
        end += dt.timedelta(weeks=changes.postponement_weeks)
        steps.append(f"verdaagd met {period_words(changes.postponement_weeks, 'weken')}{notice} → "
                     f"{weekday_date(end)}")
    if changes.consent_weeks:
        end += dt.timedelta(weeks=changes.consent_weeks)
        steps.append(f"verder uitgesteld met {period_words(changes.consent_weeks, 'weken')} omdat u daarmee "
                     f"instemde ({rule.consent_basis}) → {weekday_date(end)}")
    return end


def _weeks(rule: Rule, start: dt.date, steps: list[str], changes: _Changes) -> dt.date:
    weeks, label = _term_weeks(rule, changes.committee)
    steps.append(f"de termijn begint {weekday_date(start + dt.timedelta(days=1), with_year=False)}")
    end = start + dt.timedelta(weeks=weeks)
    steps.append(f"{label} → {weekday_date(end)}")
    end = _apply_changes(rule, start, end, end, steps, changes)
    return _apply_atw(rule, end, weeks + changes.postponement_weeks + changes.consent_weeks, steps)


def _after_objection_term(rule: Rule, start: dt.date, steps: list[str], changes: _Changes) -> dt.date:
    objection = RULES["bezwaartermijn"]
    objection_end = start + dt.timedelta(weeks=objection.term)
    sub_steps: list[str] = []
    objection_end = _apply_atw(objection, objection_end, objection.term, sub_steps)
    moved = "" if sub_steps == ["geen weekend of feestdag"] else " (verschoven door de Algemene termijnenwet)"
    steps.append(f"de bezwaartermijn van zes weken eindigt {weekday_date(objection_end)}{moved}")
    weeks, label = _term_weeks(rule, changes.committee)
    steps.append(f"de beslistermijn begint {weekday_date(objection_end + dt.timedelta(days=1), with_year=False)}"
                 ", ook als de gemeente de ontvangst van het bezwaar niet bevestigt")
    end = objection_end + dt.timedelta(weeks=weeks)
    steps.append(f"{label} → {weekday_date(end)}")
    end = _apply_changes(rule, start, end, end, steps, changes)
    return _apply_atw(rule, end, weeks + changes.postponement_weeks + changes.consent_weeks, steps)


def _dwangsom(rule: Rule, result: DeadlineResult, on: dt.date | None) -> None:
    last_day = result.deadline
    bands = []
    for first, last, amount in rule.dwangsom:
        bands.append({"from": (last_day + dt.timedelta(days=first)).isoformat(),
                      "to": (last_day + dt.timedelta(days=last)).isoformat(),
                      "days": f"{first}-{last}", "per_day": amount})
    result.dwangsom = bands
    maximum = sum((last - first + 1) * amount for first, last, amount in rule.dwangsom)
    final_day = last_day + dt.timedelta(days=rule.dwangsom[-1][1])
    per_band = ", ".join(f"{euro(amount)} per dag voor dag {first} tot en met {last}"
                         for first, last, amount in rule.dwangsom)
    result.steps.append(
        f"vanaf {weekday_date(last_day + dt.timedelta(days=1))} is de gemeente een dwangsom verschuldigd: "
        f"{per_band}; hoogstens 42 dagen, samen {euro(maximum)} "
        f"(bereikt op {weekday_date(final_day)}); de dwangsomdagen zijn kalenderdagen, "
        "de Algemene termijnenwet geldt daarvoor niet")
    result.steps.append(f"vanaf {weekday_date(last_day + dt.timedelta(days=1))} kunt u ook beroep instellen "
                        "bij de rechtbank wegens niet tijdig beslissen (Awb 6:12)")
    if on is not None:
        owed, days = dwangsom_amount(last_day, on)
        result.dwangsom_owed = owed
        result.steps.append(f"op {weekday_date(on)} is de dwangsom {euro(owed)} ({days} dagen)")


def dwangsom_amount(last_day_to_decide: dt.date, on: dt.date) -> tuple[float, int]:
    """Amount owed on ``on`` when the two weeks ended on ``last_day_to_decide``."""
    bands = RULES["ingebrekestelling"].dwangsom
    days = max(0, min((on - last_day_to_decide).days, bands[-1][1]))
    owed = 0
    for first, last, amount in bands:
        if days >= first:
            owed += (min(days, last) - first + 1) * amount
    return float(owed), days


def _eu_months(rule: Rule, start: dt.date, steps: list[str], extension: bool,
               notice: dt.date | None = None) -> dt.date:
    if extension and notice:
        first_month = start + relativedelta(months=rule.term)
        if notice > next_working_day(first_month)[0]:
            raise UsageError(f"Het bericht over de verlenging kwam na de eerste maand ({long_date(first_month)}); "
                             f"zo'n late verlenging telt niet ({rule.extension_basis}).")
        steps.append(f"de organisatie liet op {long_date(notice)} weten meer tijd nodig te hebben, binnen de "
                     f"eerste maand ({rule.extension_basis})")
    added = rule.extension or 0
    months = rule.term + (added if extension else 0)
    end = start + relativedelta(months=months)
    label = period_words(months, "maanden")
    if extension:
        label += f" (één maand, verlengd met {period_words(added, 'maanden')})"
    if end.day != start.day:
        steps.append(f"{label} → die maand heeft geen {start.day}e, dus de laatste dag van de maand: "
                     f"{weekday_date(end)}")
    else:
        steps.append(f"{label} → dezelfde datum: {weekday_date(end)}")
    moved, skipped = next_working_day(end)
    _note_unpublished_year(moved, steps)
    if skipped:
        steps.append(f"dat is geen werkdag; volgens de Europese termijnenverordening (1182/71) wordt het "
                     f"de eerstvolgende werkdag: {weekday_date(moved)}")
    else:
        steps.append("een werkdag; de Algemene termijnenwet geldt hier niet (Europese termijnenverordening 1182/71)")
    return moved
