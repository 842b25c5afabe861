"""Whose letter it is: who writes, in which voice, to whom the data go and who signs.

One rule, decided once from the child's age and the letter kind, with the thresholds, the
kinds and their sources in ``templates/letters/_stem.toml``. Templates read the outcome
from ``stem`` in the context and never look at the age themselves:

- a privacy letter about a child of 16 or older is hers: she is the sender (her name, her
  own address or e-mail), writes "ik", gets the answer and signs alone; she may authorise
  a parent (block ``machtiging_ouder``);
- under 16 a parent with gezag writes on the child's behalf (``namens_kind``); from 12 the
  letter mentions the child's own say (``inspraak``);
- one signer writes "ik"; when the other parent with gezag co-signs, the letter opens by
  naming both and speaks "wij" throughout (``meervoud``: the template's plural variant, made by
  ``letters/plural.py`` from the table in ``_stem.toml``); no "Ik ben de ouder" with two signers.
  A child who co-signs a parents' letter (consent to her own help) is named in the letter; the
  letter stays the parents'.

``decide`` runs while the context is built (it needs only the dossier), ``finish`` after the
user's blocks and fields are known.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta

from dossier_app.letters import plural, rows
from dossier_app.letters.catalogue import law_table, letters_dir

VOICE_FILE = plural.STEM_FILE
# The letter blocks the voice reads (declared in the kinds' .toml).
CO_SIGN_BLOCK = "tweede_ouder"
AUTHORISE_BLOCK = "machtiging_ouder"
# Ticked when the child is 16+: the parent writes about the parent's own data only (not the child's).
PARENT_OWN_BLOCK = "ouder_eigen_gegevens"
# The field for a 16+ child's own address or e-mail (offered only when the letter is hers).
ADDRESS_FIELD = "adres_jongere"
# The assistant's question whether a child of 12 or older agrees with a parents' letter about her help
# (aanvraag-jeugdhulp): she co-signs only when the answer is yes; unknown, the letter says nothing of it.
AGREES_FIELD = "kind_eens"
# The letter that withdraws a consent: its child is the one the consent is about.
CONSENT_KIND = "intrekking-toestemming"
# The blocks and fields this module reads (a template need not use them itself).
BLOCKS = (CO_SIGN_BLOCK, AUTHORISE_BLOCK, PARENT_OWN_BLOCK)
FIELDS = (ADDRESS_FIELD, AGREES_FIELD)
# Age bands, named as the context shows them.
BANDS = ("onbekend", "ouders", "samen", "jongere")


@lru_cache(maxsize=8)
def _table(folder: str) -> dict[str, Any]:
    return tomllib.loads((Path(folder) / VOICE_FILE).read_text(encoding="utf-8"))


def voice_table(templates: Path | None = None) -> dict[str, Any]:
    return _table(str(letters_dir(templates)))


def band(age: int | None, templates: Path | None = None) -> str:
    """'ouders' (under 12), 'samen' (12 up to 16), 'jongere' (16 and older), 'onbekend' (no birth date)."""
    if age is None:
        return "onbekend"
    ages = voice_table(templates)["leeftijd"]
    if age >= ages["eigen_privacy_vanaf"]:
        return "jongere"
    if age >= ages["inspraak_vanaf"]:
        return "samen"
    return "ouders"


def is_privacy_kind(kind_id: str, followed_kind: str = "", templates: Path | None = None) -> bool:
    """A letter about the child's own personal data (or a follow-up of one)."""
    privacy = voice_table(templates)["privacy"]
    if kind_id in privacy["soorten"]:
        return True
    return kind_id in privacy["volgt_op"] and followed_kind in privacy["soorten"]


def needs_both_parents(kind_id: str, templates: Path | None = None) -> bool:
    """A decision about help for the child, for which every parent with gezag must consent."""
    return kind_id in voice_table(templates)["gezag"]["beide_ouders"]


def co_signers_offered(kind_id: str, templates: Path | None = None) -> bool:
    return kind_id in voice_table(templates)["ondertekening"]["mede_ouder"]


def _citations(keys: Iterable[str]) -> str:
    articles = law_table()["artikelen"]
    names = [str(articles[key]) for key in keys]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


def _followed_entry(kind_id: str, context: dict[str, Any]) -> dict[str, Any]:
    """The earlier letter a follow-up chases (herinnering) or complains about (klacht-privacy)."""
    if kind_id == "herinnering":
        return context.get("achterstand") or {}
    if kind_id in ("klacht-privacy", "klacht-privacy-ap"):
        return context.get("avg_verzoek") or {}
    return {}


def _child_of_entry(entry_id: int | None) -> int | None:
    letter = rows.letter(entry_id) if entry_id else None
    document = rows.document(entry_id) if entry_id and letter is None else None
    found = letter or document
    case = rows.traject(found.entry.case_id) if found is not None and found.entry.case_id else None
    return case.child_id if case is not None else None


def followed_child(kind_id: str, context: dict[str, Any]) -> int | None:
    """The child of the letter a follow-up is about (its traject's child), when the dossier knows it; for the
    withdrawal of a consent, the child the consent names (issue 22: not the child of whatever traject the
    letter is made from)."""
    if kind_id == CONSENT_KIND:
        return consent_child(context.get("toestemming"))
    return _child_of_entry(_followed_entry(kind_id, context).get("_entry"))


def consent_child(consent: dict[str, Any] | None) -> int | None:
    """The one child a consent in the register is about: the child its purpose or recipient names (by first or
    full name). None when it names no child or more than one (the letter then stays with its traject's child)."""
    if not consent:
        return None
    text = f" {consent.get('waarvoor', '')} {consent.get('aan', '')} ".lower()
    named = [person.id for person in rows.persons("kind")
             if re.search(rf"\b{re.escape(person.name.split()[0].lower())}\b", text)]
    return named[0] if len(named) == 1 else None


def _age(person: Any, today: dt.date) -> int | None:
    return relativedelta(today, person.birth_date).years if person.birth_date else None


def own_address(person: Any) -> list[str]:
    """The child's own address and e-mail as the dossier holds them (may be empty)."""
    place = f"{person.postcode} {person.city}".strip()
    return [line for line in (person.street, place, person.email) if line]


def decide(kind_id: str, context: dict[str, Any], person: Any, today: dt.date) -> dict[str, Any]:
    """The voice as far as the dossier decides it: ``stem`` for the context (before the user's choices)."""
    table = voice_table()
    age = _age(person, today) if person is not None else None
    age_band = band(age)
    privacy = is_privacy_kind(kind_id, _followed_entry(kind_id, context).get("_kind", ""))
    own = privacy and age_band == "jongere"
    second = context.get("tweede_ouder")
    return {
        "band": age_band,
        "van_jongere": own,
        "van_ouder": not own,
        "namens_kind": privacy and age_band in ("ouders", "samen", "onbekend"),
        "inspraak": age_band == "samen",
        "kind_beslist_mee": age_band in ("samen", "jongere") and not own,
        "kind_onder_16": age_band != "jongere",
        "kind_vanaf_16": age_band == "jongere" and not own,
        "eigen_gegevens_ouder": False,
        "leeftijd_onbekend": age_band == "onbekend",
        "privacy": privacy,
        "beide_ouders_nodig": needs_both_parents(kind_id),
        "bron_eigen": _citations(table["leeftijd"]["eigen_privacy_bron"]),
        "bron_inspraak": _citations(table["leeftijd"]["inspraak_bron"]),
        "bron_dossier": _citations(table["leeftijd"]["dossier_bron"]),
        "bron_namens": _citations(table["leeftijd"]["namens_kind_bron"]),
        "adres_jongere": "\n".join(own_address(person)) if own and person is not None else "",
        "ouder": (context.get("afzender") or {}).get("naam", ""),
        "andere_ouder": second["naam"] if second and not own else "",
        # Filled in by ``finish``; one signer until then.
        "ondertekenaars": [], "meervoud": False, "gemachtigde": "", "kind_eens": False, "kind_oneens": False,
    }


def speak_for_herself(context: dict[str, Any]) -> None:
    """A 16+ child's own letter: the prefilled descriptions speak of 'mij', not of 'mij en mijn kind'."""
    child = context["kind"]["naam"]
    if context.get("traject"):
        context["traject"]["omschrijving_gegevens"] = context["traject"]["omschrijving_gegevens"].replace(
            f"over mij en over {child} ", "over mij ")
    if context.get("verzoek"):
        context["verzoek"]["te_verwijderen"] = context["verzoek"]["te_verwijderen"].replace(
            f"Alle gegevens over {child} ", "Alle gegevens over mij ")


def finish(names: dict[str, Any], kind_id: str, ticked: list[str], fields: dict[str, Any]) -> None:
    """Complete ``stem`` and the sender with the user's choices (co-signing, authorising, her address)."""
    voice = names["stem"]
    sender = names["afzender"]
    child = names["kind"]
    if voice["van_jongere"] and PARENT_OWN_BLOCK in ticked:
        # The parent's own data: the parent's letter, about the parent alone.
        voice.update(van_jongere=False, van_ouder=True, namens_kind=False, adres_jongere="",
                     eigen_gegevens_ouder=True)
    if voice["van_jongere"]:
        lines = [line.strip() for line in fields.get(ADDRESS_FIELD, "").splitlines() if line.strip()]
        lines = lines or voice["adres_jongere"].splitlines()
        if not lines:
            # No address of her own in the dossier: post reaches her 'per adres' (p/a) her parent's.
            place = f"{sender['postcode']} {sender['plaats']}".strip()
            lines = [f"p/a {sender['straat']}", place] if sender["straat"] else [place] if place else []
        email = next((line for line in lines if "@" in line), "")
        names["afzender"] = {
            "naam": child["naam"], "straat": "", "postcode": "", "plaats": "", "telefoon": "", "email": email,
            "contact": f"per e-mail via {email}" if email else "via mijn adres hierboven",
            "regels": [child["naam"], *lines]}
        voice["gemachtigde"] = sender["naam"] if AUTHORISE_BLOCK in ticked else ""
        voice["ondertekenaars"] = [child["naam"]]
        return
    signers = [sender["naam"]]
    if both_parents_sign(names, kind_id, ticked):
        signers.append(voice["andere_ouder"])
    signing = voice_table()["ondertekening"]
    answer = fields.get(AGREES_FIELD, "").strip().lower() if AGREES_FIELD in fields else None
    voice.update(kind_eens=answer in ("ja", "j", "yes"), kind_oneens=answer in ("nee", "n", "no"))
    agrees = answer is None or voice["kind_eens"]      # kinds without the question: as before
    if agrees and ((voice["band"] == "jongere" and kind_id in signing["mede_kind"]) or (
            voice["band"] == "samen" and kind_id in signing["mede_kind_vanaf_inspraak"])):
        signers.append(child["naam"])
    voice.update(ondertekenaars=signers, meervoud=voice["andere_ouder"] in signers)


def both_parents_sign(context: dict[str, Any], kind_id: str, ticked: list[str]) -> bool:
    """The other parent with gezag co-signs a parents' letter: it then speaks 'wij' throughout."""
    voice = context["stem"]
    return (not voice["van_jongere"] or PARENT_OWN_BLOCK in ticked) and CO_SIGN_BLOCK in ticked \
        and bool(voice["andere_ouder"]) and co_signers_offered(kind_id)


def speak_as_both(context: dict[str, Any], kind_id: str, ticked: list[str]) -> None:
    """When both parents sign, the texts the context prefills speak 'wij' too (before the fields are
    filled from them). The template's own text is converted by ``letters/plural.py``; what the user
    typed never is."""
    if not both_parents_sign(context, kind_id, ticked):
        return
    rules = plural.table()
    context["afzender"] = dict(context["afzender"], contact=plural.convert(context["afzender"]["contact"], rules))
    for item, key in (("traject", "omschrijving_gegevens"), ("verzoek", "te_verwijderen")):
        if context.get(item):
            context[item] = dict(context[item], **{key: plural.convert(context[item][key], rules)})


def gezag_warnings(kind_id: str, context: dict[str, Any], other_parents: Iterable[Any]) -> list[str]:
    """What the writer should know about the other parent's gezag, by letter kind and the child's age.

    Seed 002 and Jeugdwet 7.3.4: consent to help for a child under 16 needs every parent with gezag
    (and from 12 the child too); when they disagree only the court can give vervangende toestemming.
    A request for information, a bezwaar or a complaint is no such decision: one parent with gezag
    may make it. From 16 a privacy letter is the child's own, and the child decides on help herself.
    """
    voice = context.get("stem") or {}
    child = (context.get("kind") or {}).get("voornaam", "uw kind")
    age = (context.get("kind") or {}).get("leeftijd_woorden", "")
    if voice.get("van_jongere"):
        return [f"{child} is {age} jaar: deze brief is van {child} zelf. {child} is de afzender, krijgt het "
                f"antwoord en ondertekent alleen. Wilt u als ouder zelf gegevens van {child} opvragen, dan heeft "
                f"u daarvoor de schriftelijke toestemming van {child} nodig."]
    if voice.get("privacy") and voice.get("band") == "jongere":
        return [f"Deze brief gaat alleen over uw eigen gegevens. Gegevens van {child} ({age} jaar) krijgt u "
                f"alleen met de schriftelijke toestemming van {child}."]
    both = needs_both_parents(kind_id)
    if both and voice.get("band") == "jongere":
        return [f"{child} is {age} jaar en beslist zelf over de eigen hulp ({_citations(['jw_7_3_4'])}). "
                f"Zonder de toestemming van {child} kan de hulp niet beginnen; laat {child} de brief meeondertekenen."]
    warnings = []
    for parent in other_parents:
        if parent.gezag == "ja" and both:
            warnings.append(
                f"{parent.name} heeft ook het gezag. Voor hulp aan uw kind is dan ook de toestemming van "
                f"{parent.name} nodig: laat de brief meeondertekenen. Bent u het samen niet eens, dan kan alleen "
                "de rechtbank vervangende toestemming geven; daarvoor heeft u een advocaat nodig.")
        elif parent.gezag == "ja" and co_signers_offered(kind_id):
            warnings.append(
                f"{parent.name} heeft ook het gezag. Voor deze brief is de handtekening van één ouder met gezag "
                f"genoeg, zolang {parent.name} er geen bezwaar tegen heeft "
                f"({_citations(voice_table()['gezag']['een_ouder_bron'])}). Wilt u de brief samen sturen, dan kan "
                f"{parent.name} meeondertekenen.")
        elif parent.gezag == "" and both:
            warnings.append(
                f"Bij Gezin staat niet of {parent.name} het gezag heeft. Heeft {parent.name} gezag, dan is voor "
                "deze hulp ook diens toestemming nodig. Vul het in bij Gezin; dan komt er een plek voor de "
                "tweede handtekening in de brief.")
        elif parent.gezag == "" and co_signers_offered(kind_id):
            warnings.append(
                f"Bij Gezin staat niet of {parent.name} het gezag heeft. Vul het in bij Gezin; dan kan "
                f"{parent.name} de brief meeondertekenen als u dat wilt.")
    if both and voice.get("band") == "samen":
        warnings.append(f"{child} is {age} jaar: voor hulp is ook de toestemming van {child} zelf nodig "
                        f"({voice.get('bron_inspraak', '')}).")
    return warnings
