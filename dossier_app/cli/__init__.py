"""`dossier-app`: the headless command line (Dutch messages, scriptable).

A thin adapter over ``dossier_app.services``: it parses arguments, asks for
passphrases and prints; the work is done by the services.

Exit codes: 0 ok; 2 usage or missing input; 3 cannot unlock (wrong
passphrase); 4 damaged or not a dossier, or it cannot be written (disk full,
read-only); 5 the dossier is open elsewhere (try --read-only); 6 `passwd` while the dossier is
still open elsewhere, also read-only (close it there). Every error is one line on stderr,
never a traceback, and a failing command leaves the dossier untouched.
"""

from __future__ import annotations

import os
import sys

from dossier_app import __version__
from dossier_app.cli.common import DutchArgumentParser, warn
from dossier_app.errors import DossierError


def _gui(argv) -> int:
    from dossier_app.ui.app import main as gui_main   # cold start: --help loads no services or Qt

    return gui_main(argv)


def build_parser() -> DutchArgumentParser:
    # cold start: the desktop app, --selftest and the template child need no command parsers
    from dossier_app.cli import (
        archive_commands, consent_commands, deadline_commands, dossier_commands, family_commands, intake_commands,
        letter_commands,
    )

    parser = DutchArgumentParser(prog="dossier-app", description="Gezinsdossier: versleuteld dossier, "
                                 "termijnen en brieven. Zonder opdracht opent de app.")
    parser.add_argument("--version", action="version", version=f"Gezinsdossier {__version__}")
    commands = parser.add_subparsers(dest="command", parser_class=DutchArgumentParser)

    def command(name, handler, help_text, *, dossier=True, passphrase=True):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        if dossier:
            sub.add_argument("path", help="het dossierbestand (bijvoorbeeld gezin.dossier)")
        if passphrase:
            sub.add_argument("--passphrase-file", help="bestand met het wachtwoord op de eerste regel")
        if dossier and passphrase:
            sub.add_argument("--read-only", action="store_true",
                             help="open alleen-lezen (ook als het dossier elders al geopend is)")
            sub.add_argument("--overnemen", dest="take_over", action="store_true",
                             help="neem het dossier over van een andere computer die vastliep of uitging zonder "
                                  "het te sluiten (nooit van een programma dat hier nog draait)")
        sub.set_defaults(handler=handler)
        return sub

    dossier_commands.add_commands(command)
    deadline_commands.add_commands(command)
    letter_commands.add_commands(command)
    family_commands.add_commands(command)
    consent_commands.add_commands(command)
    intake_commands.add_commands(command)
    archive_commands.add_commands(command)
    return parser


def _opens_a_dossier(argv) -> bool:
    """`dossier-app PATH` (e.g. a double-clicked file) opens the app on that dossier."""
    return len(argv) == 1 and not argv[0].startswith("-") and argv[0].endswith(".dossier")


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # macOS may start an app bundle with a process serial number (-psn_0_12345): not an argument of ours.
    argv = [argument for argument in argv if not argument.startswith("-psn_")]
    if argv[:1] == ["--sjabloon-apart"]:
        # Hidden: the child process that renders a user's own template (letters/isolated.py), started this way
        # because in a bundle sys.executable is this program, not a Python interpreter.
        from dossier_app.services.letters import run_isolated_child   # cold start: --help loads no services or Qt

        return run_isolated_child()
    if argv[:1] == ["--pdf-tekst-apart"]:
        # Hidden: the child process that reads a PDF's text layer page by page (intake/pdftext.py).
        from dossier_app.services.intake import run_pdf_text_child

        return run_pdf_text_child()
    if argv[:1] == ["--selftest"]:
        from dossier_app.ui.app import selftest   # cold start: --help loads no services or Qt

        return selftest()
    if not argv or _opens_a_dossier(argv):
        return _gui(argv)
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "handler", None):
            parser.print_help()
            return 2
        from dossier_app.services import housekeeping

        # Work folders and half-written outputs a crash left (never one in use): before the command
        # unlocks anything, and after it (services/housekeeping).
        given = [args.path] if isinstance(getattr(args, "path", None), (str, os.PathLike)) else []
        housekeeping.sweep_known_folders(given)
        try:
            return args.handler(args)
        finally:
            housekeeping.sweep_known_folders(given)
    except DossierError as exc:
        warn(f"Fout: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        warn("Afgebroken; er is niets gewijzigd.")
        return 130
    except BrokenPipeError:
        # The reader stopped reading (`dossier-app search … | head`): the command itself is done.
        _silence_stdout()
        return 0
    except Exception as exc:  # noqa: BLE001 - never show a traceback (it may hold dossier data)
        if os.environ.get("DOSSIER_DEBUG"):
            raise
        warn(f"Fout: er ging iets onverwachts mis ({type(exc).__name__}). "
             "Zet DOSSIER_DEBUG=1 om details te zien.")
        return 1


def _silence_stdout() -> None:
    """Point stdout at the null device, so the final flush at exit cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):   # no real file descriptor (tests capture stdout)
        pass


if __name__ == "__main__":
    raise SystemExit(main())
