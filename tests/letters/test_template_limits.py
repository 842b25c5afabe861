"""Issue 11, item 14: a user's own letter template cannot hang the app, exhaust memory, or read
files outside its folder through a link or '..' (rendering has a time and a size limit)."""

import datetime as dt
import os

import pytest

from tests.conftest import PASSPHRASE
from dossier_app import paths
from dossier_app.errors import DossierError, UsageError
from dossier_app.letters import isolated, limits
from dossier_app.letters.render import render_letter
from dossier_app.letters.templating import folder_environment
from dossier_app.store.dossier import Dossier

# Slow (templates stopped at their time limits): make test runs it, make test-quick skips it.
pytestmark = pytest.mark.slow

TODAY = dt.date(2026, 11, 22)
SECRET = "GEHEIME-INHOUD-BUITEN-DE-MAP"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    from dossier_app.demo import create_demo

    path = tmp_path_factory.mktemp("demo") / "demo.dossier"
    create_demo(path, PASSPHRASE, today=TODAY).close()
    return path


@pytest.fixture
def own_templates(demo_file, tmp_path, monkeypatch):
    """An unlocked demo dossier and an empty folder of the user's own templates; returns a writer."""
    folder = tmp_path / "eigen"
    folder.mkdir()
    monkeypatch.setenv(paths.USER_TEMPLATES_ENV, str(folder))
    monkeypatch.setattr(limits, "SECONDS", 3.0)      # keep the test short; the real limits are longer
    monkeypatch.setattr(isolated, "STARTUP_SECONDS", 5.0)

    def write(body: str, name: str = "avg-inzage.md.j2"):
        (folder / name).write_text("{% extends '_brief.md.j2' %}{% block romp %}" + body + "{% endblock %}",
                                   encoding="utf-8")
        return folder

    with Dossier.unlock(demo_file, PASSPHRASE):
        yield write


def render():
    return render_letter("avg-inzage", today=TODAY)


def test_an_own_template_still_works(own_templates):
    own_templates("Eigen tekst voor {{ kind.naam }}.{% for i in range(3) %} regel {{ i }}{% endfor %}")
    assert "Eigen tekst voor Noor de Vries. regel 0 regel 1 regel 2" in render().text


@pytest.mark.parametrize("body", [
    "{% for i in range(10**9) %}x{% endfor %}",
    "{% for i in range(10000) %}{% for j in range(10000) %}{% for k in range(10000) %}{% endfor %}"
    "{% endfor %}{% endfor %}",
    "{% set s = 'ab' * 5000 %}{% for a in s %}{% for b in s %}{% for c in s %}{% endfor %}{% endfor %}"
    "{% endfor %}",
])
def test_a_template_that_loops_for_ever_stops_with_a_clear_message(own_templates, body, monkeypatch):
    monkeypatch.setattr(limits, "SECONDS", 1.5)       # stopping early is the expected outcome here
    monkeypatch.setattr(isolated, "STARTUP_SECONDS", 2.5)
    own_templates(body)
    with pytest.raises(limits.TemplateTooSlow, match="Het sjabloon voor 'avg-inzage' duurt te lang"):
        render()


@pytest.mark.parametrize("body", [
    "{{ 'x' * 10**9 }}",
    "{{ 10 ** 100000000 }}",
    "{% set s = 'x' * 5000000 %}{{ s }}{{ s }}{{ s }}{{ s }}{{ s }}",
    "{{ 'x' | center(3 * 10**9) }}",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
])
def test_a_template_that_grows_without_end_stops_with_a_clear_message(own_templates, body):
    own_templates(body)
    with pytest.raises(UsageError, match="Het sjabloon voor 'avg-inzage' (wordt te groot|roept zichzelf)"):
        render()


def test_include_and_import_never_follow_a_link_out_of_the_folder(own_templates, tmp_path):
    outside = tmp_path / "buiten"
    outside.mkdir()
    (outside / "geheim.md.j2").write_text(SECRET, encoding="utf-8")
    (outside / "macros.j2").write_text("{% macro m() %}" + SECRET + "{% endmacro %}", encoding="utf-8")
    folder = own_templates("{% include 'stuk.md.j2' %}")
    os.symlink(outside / "geheim.md.j2", folder / "stuk.md.j2")
    with pytest.raises(limits.TemplateOutsideFolder, match="buiten de sjablonenmap") as caught:
        render()
    assert SECRET not in str(caught.value)

    own_templates("{% import 'macros.j2' as m %}{{ m.m() }}")
    os.symlink(outside / "macros.j2", folder / "macros.j2")
    with pytest.raises(limits.TemplateOutsideFolder):
        render()

    os.symlink(outside, folder / "map")               # a linked folder is outside too
    own_templates("{% include 'map/geheim.md.j2' %}")
    with pytest.raises(limits.TemplateOutsideFolder):
        render()

    own_templates("{% include '../buiten/geheim.md.j2' %}")
    with pytest.raises(DossierError, match="sjabloon") as caught:
        render()
    assert SECRET not in str(caught.value)


def test_the_template_itself_as_a_link_out_of_the_folder_is_refused(own_templates, tmp_path):
    folder = own_templates("niets")
    (folder / "avg-inzage.md.j2").unlink()
    target = tmp_path / "elders.md.j2"
    target.write_text("{% extends '_brief.md.j2' %}{% block romp %}" + SECRET + "{% endblock %}", encoding="utf-8")
    os.symlink(target, folder / "avg-inzage.md.j2")
    with pytest.raises(limits.TemplateOutsideFolder):
        render()


def test_a_link_inside_the_folder_is_fine(own_templates):
    folder = own_templates("{% include 'deel.md.j2' %}")
    (folder / "echt.md.j2").write_text("Tekst uit een ander bestand in de map.", encoding="utf-8")
    os.symlink(folder / "echt.md.j2", folder / "deel.md.j2")
    assert "Tekst uit een ander bestand in de map." in render().text


def test_the_same_limits_apply_in_process_to_built_in_folders(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "SECONDS", 2.0)
    environment = folder_environment(tmp_path)
    with pytest.raises(limits.TemplateTooSlow, match="duurt te lang"):
        limits.render(environment.from_string("{% for i in range(10**6) %}x{% endfor %}"), {}, label="test")
    with pytest.raises(limits.TemplateTooSlow, match="duurt te lang"):
        limits.render(environment.from_string("{% for i in range(9000) %}{% for j in range(9000) %}"
                                              "{% endfor %}{% endfor %}"), {}, label="test")
    with pytest.raises(limits.TemplateTooLarge, match="wordt te groot"):
        limits.render(environment.from_string("{{ 'ab' * 10**8 }}"), {}, label="test")
    assert limits.render(environment.from_string("{{ 'ab' * 3 }}{{ 2 ** 10 }}{% for i in range(2) %}{{ i }}"
                                                 "{% endfor %}"), {}, label="test") == "ababab102401"


def test_in_a_bundle_the_child_is_the_app_itself_with_a_hidden_command(own_templates, monkeypatch):
    """Issue 23: inside a PyInstaller bundle sys.executable is the app, which does not understand `-m`.

    Played here with the installed `dossier-app` program as the 'bundle': the own template is rendered by
    `dossier-app --sjabloon-apart`, a separate process, and the letter is right."""
    import shutil
    import sys
    from pathlib import Path

    program = shutil.which("dossier-app", path=str(Path(sys.executable).parent))
    assert program
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", program)
    assert isolated.child_command() == [program, isolated.CHILD_ARGUMENT]
    own_templates("Eigen tekst voor {{ kind.naam }} uit het hulpproces.")
    assert "Eigen tekst voor Noor de Vries uit het hulpproces." in render().text


def test_a_child_that_cannot_start_is_not_called_a_template_too_large(own_templates, monkeypatch, tmp_path):
    """Before issue 23 a bundle showed 'wordt te groot' for a child that never ran."""
    import sys

    broken = tmp_path / "kapot"
    broken.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    broken.chmod(0o755)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(broken))
    own_templates("Eigen tekst.")
    with pytest.raises(DossierError, match="hulpproces van de app start niet") as caught:
        render()
    assert not isinstance(caught.value, limits.TemplateTooLarge)


def test_enclosure_lines_are_compiled_once_per_environment_and_render_their_own_values(tmp_path, monkeypatch):
    """Jinja compiles a string on every from_string: the enclosure lines are compiled once per environment,
    each render still fills in its own values, and another environment (another templates folder) compiles
    its own."""
    compiled = []
    environments = []
    for name in ("ingebouwd", "ander"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "brief.md").write_text("Bijlagen: {{ bijlagen | join(', ') }}", encoding="utf-8")
        environments.append(folder_environment(folder))

    def job(name):
        return isolated.Job(tmp_path, None, "brief.md", ["Kopie van {{ naam }}"], [], {"naam": name}, "brief")

    for environment in environments:
        real = environment.from_string
        monkeypatch.setattr(environment, "from_string", lambda text, real=real: compiled.append(text) or real(text))
    first = isolated.render_parts(environments[0], job("de beschikking"))
    second = isolated.render_parts(environments[0], job("het verslag"))
    third = isolated.render_parts(environments[1], job("het besluit"))
    assert [first[0], second[0], third[0]] == [["Kopie van de beschikking"], ["Kopie van het verslag"],
                                               ["Kopie van het besluit"]]
    assert second[1] == "Bijlagen: Kopie van het verslag"
    assert compiled == ["Kopie van {{ naam }}"] * 2          # once per environment, not once per render
