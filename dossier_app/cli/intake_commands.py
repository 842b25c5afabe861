"""`dossier-app import`: read received letters and show (or, with --accept, store) what they are."""

from __future__ import annotations

from pathlib import Path

from dossier_app.cli.common import open_session, print_json, say, warn
from dossier_app.dutch import long_date
from dossier_app.errors import UsageError
from dossier_app.cli.lazy import service

intake = service("intake")

ANYWAY_OFFER = ("Is het toch een ander document? Voer de opdracht dan opnieuw uit met --accept "
                "--als-ander-document.")


def _describe(suggestion) -> list[str]:
    lines = [f"{suggestion.source}: {suggestion.kind_label} ({suggestion.method})",
             f"  titel:    {suggestion.title}",
             f"  datum:    {long_date(suggestion.date) if suggestion.date else '(niet gevonden)'}",
             f"  kenmerk:  {suggestion.kenmerk or '(niet gevonden)'}",
             f"  afzender: {suggestion.sender or '(niet herkend)'}",
             f"  kind:     {suggestion.child_name or '(niet herkend)'}"]
    if suggestion.outcome:
        lines.append(f"  besluit:  {suggestion.outcome}")
    if "rechtsmiddelenclausule" in intake.review_fields(suggestion.doc_kind):
        lines.append(f"  bezwaar uitgelegd: {'ja' if suggestion.remedy_clause else 'nee'}")
    if suggestion.receipt_date:
        lines.append(f"  ontvangen op: {long_date(suggestion.receipt_date)}")
    if suggestion.postponement_weeks:
        lines.append(f"  verdaging: {suggestion.postponement_weeks} weken")
    lines += [f"  let op: {warning}" for warning in suggestion.warnings]
    return lines


def cmd_import(args) -> int:
    files = intake.files_in([Path(item) for item in args.files])
    if not files:
        raise UsageError("Er zijn geen bestanden om in te lezen (PDF, JPEG, PNG, HEIC, .eml, .msg, .docx).")
    with open_session(args, args.path) as opened:
        def progress(done, total, name):
            if total > 1:
                warn(f"Bestand {done} van {total} gelezen: {name}")

        result = intake.analyse_many(opened, files, progress=progress)
        rows = []
        for suggestion in result.suggestions:
            row = suggestion.as_dict()
            row["gevolg"] = intake.effect(opened, suggestion)
            row["traject"] = intake.traject_choice(opened, suggestion)
            if args.accept:
                imported = intake.accept(opened, suggestion, anyway=args.als_ander_document)
                row.update(item_id=imported.entry_id, termijnen=imported.deadline_ids, gedaan=imported.effects,
                           al_in_dossier=imported.already_there is not None)
                if imported.already_there is not None and imported.already_there.may_store_anyway:
                    row["gedaan"] = row["gedaan"] + [ANYWAY_OFFER]
            rows.append((suggestion, row))
    for failure in result.failures:
        warn(f"{failure.source}: {failure.message}")
    if args.json:
        print_json([row for _, row in rows])
    else:
        for suggestion, row in rows:
            for line in _describe(suggestion):
                say(line)
            if row["traject"]:
                say(f"  traject:  {row['traject']}")
            if args.accept and row["al_in_dossier"]:
                say("  niet opgeslagen: " + " ".join(row["gedaan"]))
            elif args.accept:
                say(f"  opgeslagen als item {row['item_id']}: " + " ".join(row["gedaan"]))
            else:
                say(f"  bij opslaan: {row['gevolg']}")
        if rows and not args.accept:
            say("Niets opgeslagen. Klopt alles? Voer de opdracht opnieuw uit met --accept, "
                "of lees de bestanden in de app in om ze eerst te verbeteren.")
    if result.failures:   # a batch with a failed file is no success: each one is named above
        warn(f"{len(result.failures)} van {len(files)} bestanden konden niet worden ingelezen: "
             + ", ".join(str(failure.source) for failure in result.failures) + ".")
        return 2
    return 0 if rows else 2


def add_commands(command) -> None:
    sub = command("import", cmd_import, "Lees ontvangen brieven in (PDF, scan, foto, e-mail, .docx) en toon "
                                        "wat erin staat; met --accept worden ze opgeslagen.")
    sub.add_argument("files", nargs="+", help="bestanden of mappen")
    sub.add_argument("--json", action="store_true", help="uitvoer als JSON")
    sub.add_argument("--accept", action="store_true",
                     help="sla de voorstellen meteen op (voor scripts), oudste brief eerst; een brief die al "
                          "in het dossier staat, wordt niet opnieuw opgeslagen")
    sub.add_argument("--als-ander-document", action="store_true",
                     help="met --accept: sla een brief met hetzelfde kenmerk en dezelfde datum als een document "
                          "in het dossier toch op, als ander document (niet bij precies hetzelfde bestand)")
