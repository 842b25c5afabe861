"""Jinja2 for letters: strict, sandboxed, and values always printed literally.

Every value that reaches the letter through ``{{ ... }}`` is escaped for the
Markdown subset the block model reads, so text a user typed (``{{ 7*7 }}``,
``<w:p>``, ``**``, ``&``, line breaks) comes out exactly as typed. Values are
data: they are never rendered as template code. Templates from the user's
own folder take precedence and run in the same sandbox.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from dossier_app import paths
from dossier_app.dutch import long_date
from dossier_app.letters import blocks as block_model
from dossier_app.letters import limits, plural

_MARKDOWN_PUNCTUATION = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")


def unescape(markdown: str) -> str:
    """Rendered (escaped) Markdown back to its literal text."""
    return " ".join(block.text for block in block_model.parse(markdown))


def escape_markdown(value: object) -> str:
    """Literal text for Markdown: every ASCII punctuation escaped, lines kept."""
    lines = [line.strip() for line in str(value).splitlines()]
    lines = [_MARKDOWN_PUNCTUATION.sub(r"\\\1", line) for line in lines if line]
    return "\\\n".join(lines)


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.date):
        return escape_markdown(long_date(value))
    return escape_markdown(value)


# One environment per (built-in folder, user folder): Jinja keeps compiled
# templates in it and reloads a template when its file changes (auto_reload),
# so a user's edited template still takes effect without recompiling every
# template for every letter. Only template source is cached, never letter text.
_ENVIRONMENTS: dict[tuple[str, str | None, int | None], LimitedSandbox] = {}


def make_environment(templates: Path | None = None, user_templates: Path | None = None) -> LimitedSandbox:
    builtin = (templates or paths.templates_dir()) / "letters"
    user_folder = user_templates if user_templates is not None else paths.user_templates_dir()
    use_user = bool(user_folder) and Path(user_folder).is_dir()
    # The user folder's own modification time is part of the key: adding or
    # removing a template there takes effect with the next letter.
    key = (str(builtin), str(user_folder) if use_user else None,
           Path(user_folder).stat().st_mtime_ns if use_user else None)
    environment = _ENVIRONMENTS.get(key)
    if environment is None:
        environment = _new_environment(builtin, Path(user_folder) if use_user else None)
        if len(_ENVIRONMENTS) > 16:
            _ENVIRONMENTS.clear()
        _ENVIRONMENTS[key] = environment
    return environment


def folder_environment(folder: Path) -> LimitedSandbox:
    """The same strict sandbox, with the same literal printing, for another template
    folder (such as ``templates/gesprek`` for the visit preparation)."""
    key = (str(folder), None, None)
    environment = _ENVIRONMENTS.get(key)
    if environment is None:
        environment = _new_environment(Path(folder), None)
        _ENVIRONMENTS[key] = environment
    return environment


class ConfinedLoader(FileSystemLoader):
    """A template folder whose templates (and their includes and imports) never lead out of it:
    ``..`` is refused by Jinja itself, a link to a file elsewhere by this loader."""

    def __init__(self, folder: Path):
        super().__init__(str(folder))
        self.folder = Path(folder)

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        limits.confined(self.folder, filename)
        return source, filename, uptodate


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox with limits: range() is short and watches the clock; ``*`` and ``**`` cannot
    build giant strings or numbers. (limits.render adds the output size and time limit.)"""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = limits.limited_range

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        return limits.checked_binop(operator, left, right)


class PluralLoader(BaseLoader):
    """Every template also as its plural variant (``name#meervoud``, letters/plural.py): the
    letter both parents sign speaks 'wij'. The rules come from the built-in folder's _stem.toml."""

    def __init__(self, loader: ChoiceLoader, builtin: Path):
        self.loader = loader
        self.loaders = loader.loaders
        self.builtin = builtin

    def get_source(self, environment: Any, template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        if not template.endswith(plural.PLURAL_SUFFIX):
            return self.loader.get_source(environment, template)
        source, filename, uptodate = self.loader.get_source(environment, template[:-len(plural.PLURAL_SUFFIX)])
        return plural.convert_source(source, plural.table(self.builtin.parent)), filename, uptodate

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()


def _new_environment(builtin: Path, user_folder: Path | None) -> LimitedSandbox:
    loaders: list[BaseLoader] = []
    if user_folder is not None:
        loaders.append(ConfinedLoader(user_folder))
    loaders.append(ConfinedLoader(builtin))
    environment = LimitedSandbox(
        loader=PluralLoader(ChoiceLoader(loaders), builtin),
        undefined=StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,
        cache_size=400,
    )
    return environment



def user_folder(environment: Any) -> Path | None:
    """The user's own template folder of a letter environment, when it holds any file: letters
    are then rendered in a separate process that can be stopped (letters/isolated.py)."""
    loader = environment.loader
    loaders: Any = getattr(loader, "loaders", ())
    if len(loaders) < 2 or not isinstance(loaders[0], ConfinedLoader):
        return None
    try:
        return loaders[0].folder if any(loaders[0].folder.iterdir()) else None
    except OSError:
        return None
