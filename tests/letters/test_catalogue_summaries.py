"""The catalogue's summaries (title and triggers, read for the Overzicht without parsing whole files) say
exactly what the full catalogue says, and fall back to the whole file where the cut cannot be sure."""

import shutil

import pytest

from dossier_app.errors import UsageError
from dossier_app.letters import catalogue
from dossier_app.letters.catalogue import KIND_IDS, all_kinds, get_kind, kind_title, summaries


def test_summaries_say_what_the_full_catalogue_says():
    found = summaries()
    assert list(found) == list(KIND_IDS)
    assert [(summary.id, summary.title, summary.triggers) for summary in found.values()] == \
        [(kind.id, kind.title, kind.triggers) for kind in all_kinds()]
    assert any(summary.triggers for summary in found.values())
    assert kind_title("ingebrekestelling") == get_kind("ingebrekestelling").title


def test_an_unknown_kind_has_the_same_error_as_get_kind():
    with pytest.raises(UsageError) as summary_error:
        kind_title("bestaat-niet")
    with pytest.raises(UsageError) as kind_error:
        get_kind("bestaat-niet")
    assert str(summary_error.value) == str(kind_error.value)


@pytest.mark.parametrize("edit", [
    # A multi-line string before the title, with a line that looks like a table: the cut misses the title.
    lambda text: 'uitleg = """\n[geen tabel]\n"""\n' + text,
    # An indented trigger header with a comment after it.
    lambda text: text.replace("[[aanleiding]]", "  [[aanleiding]]   # wanneer deze brief de volgende stap is"),
    # The title written twice at the top level (once inside a multi-line string): the cut reads it twice.
    lambda text: text.replace("versie =", 'toelichting = """\ntitel = "niet deze"\n"""\nversie =', 1),
])
def test_a_file_the_cut_cannot_read_is_read_whole(tmp_path, edit):
    folder = tmp_path / "templates"
    shutil.copytree(catalogue.letters_dir(), folder / "letters")
    path = folder / "letters" / "ingebrekestelling.toml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    summary = summaries(folder)["ingebrekestelling"]
    kind = get_kind("ingebrekestelling", folder)
    assert (summary.title, summary.triggers) == (kind.title, kind.triggers)
    assert len(summary.triggers) == 2
