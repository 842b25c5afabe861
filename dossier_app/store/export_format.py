"""The open export's file: a ZIP with ``dossier.json`` and ``bijlagen/<id>/<name>``.

Encrypted with AES-256 (WinZip AES, which 7-Zip and most unzip programs read)
under a passphrase the user picks, or plain after an explicit choice. This
module writes and reads that file and checks it: the JSON against
``export-schema.json`` (a copy is docs/export-schema.json), then what a schema
cannot say (unique ids, references, real dates, text that can be stored).
Every fault becomes ``BadArchive`` with one Dutch sentence naming the field;
nothing here touches a dossier.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import stat
import struct
import unicodedata
import zipfile
import zlib
from importlib import resources
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO

import pyzipper

from dossier_app import limits
from dossier_app.errors import BadArchive, UsageError, WrongPassphrase
from dossier_app.deadlines import RULES

FORMAT_NAME = "gezinsdossier-export"
FORMAT_VERSION = 1
JSON_NAME = "dossier.json"
FILES_FOLDER = "bijlagen"
# Sizes and counts: dossier_app/limits.toml (archive_max_entries, archive_max_json_bytes, archive_max_text_chars).
CHUNK = 1024 * 1024
# Dates outside these years are refused: terms computed from them would run past the calendar.
FIRST_YEAR, LAST_YEAR = 1900, 2199
# What a damaged or odd ZIP raises while it is read (pyzipper has its own BadZipFile).
ZIP_ERRORS = (zipfile.BadZipFile, pyzipper.BadZipFile, zlib.error, NotImplementedError, OSError, ValueError,
              EOFError, KeyError, struct.error)

_ENTRY_DETAILS = ("gesprek", "document", "opname", "termijn", "brief")
_REFERENCES = {   # (where, field) -> the list its number must be in
    ("trajecten", "child_id"): "persons",
    ("entries", "traject_id"): "trajecten",
    ("gesprek", "recording_id"): "entries",
    ("participants", "contact_id"): "contacts",
    ("participants", "person_id"): "persons",
    ("termijn", "source_entry_id"): "entries",
    ("brief", "recipient_id"): "contacts",
    ("brief", "docx_attachment_id"): "attachments",
    ("attachments", "entry_id"): "entries",
    ("consents", "contact_id"): "contacts",
    ("consents", "confirmation_id"): "attachments",
}


@functools.lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    text = resources.files("dossier_app.store").joinpath("export-schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


# -- writing -------------------------------------------------------------------------------
def member_name(attachment_id: int, filename: str) -> str:
    """``bijlagen/<id>/<name>``: the original name, made safe as one path part in any unzip program."""
    name = unicodedata.normalize("NFC", filename or "")
    name = "".join("_" if (not char.isprintable() or char in '/\\:*?"<>|') else char for char in name)
    name = name.strip().lstrip(".") or "bijlage"
    if len(name.encode("utf-8")) > 180:
        stem, dot, ext = name.rpartition(".")
        ext = ext if dot and len(ext) <= 16 else ""
        stem = stem if dot and ext else name
        while len((stem + "." + ext).encode("utf-8")) > 180:
            stem = stem[:-1]
        name = f"{stem}.{ext}" if ext else stem
    return f"{FILES_FOLDER}/{attachment_id}/{name}"


class ArchiveWriter:
    """Writes one archive; ``passphrase=None`` makes a plain ZIP (only after the user chose so)."""

    def __init__(self, handle: BinaryIO, passphrase: str | None) -> None:
        self.zip: Any
        if passphrase is None:
            self.zip = zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
        else:
            self.zip = pyzipper.AESZipFile(handle, "w", compression=pyzipper.ZIP_DEFLATED,
                                           encryption=pyzipper.WZ_AES, allowZip64=True)
            self.zip.setpassword(unicodedata.normalize("NFC", passphrase).encode("utf-8"))
            self.zip.setencryption(pyzipper.WZ_AES, nbits=256)

    def _info(self, name: str, size: int) -> zipfile.ZipInfo:
        make = getattr(self.zip, "zipinfo_cls", zipfile.ZipInfo)
        info = make(name, date_time=dt.datetime.now().timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        info.file_size = size
        info.external_attr = (stat.S_IFREG | 0o600) << 16
        return info

    def write_json(self, data: dict[str, Any]) -> None:
        raw = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
        with self.zip.open(self._info(JSON_NAME, len(raw)), "w") as out:
            out.write(raw)

    def open_member(self, name: str, size: int) -> IO[bytes]:
        """A stream to write one attachment into (chunk by chunk; never the whole file in memory)."""
        member: IO[bytes] = self.zip.open(self._info(name, size), "w", force_zip64=size > 0x7FFF0000)
        return member

    def close(self) -> None:
        self.zip.close()


# -- reading -------------------------------------------------------------------------------
def _bad(message: str) -> BadArchive:
    return BadArchive(f"Dit archief kan niet worden ingelezen: {message}")


def _safe_name(info: zipfile.ZipInfo) -> None:
    name = info.filename
    path = PurePosixPath(name)
    if (not name or name.startswith(("/", "\\")) or "\\" in name or re.match(r"^[A-Za-z]:", name)
            or path.is_absolute()):
        raise _bad(f"het bestand '{_shown(name)}' heeft een absoluut pad.")
    if any(part in ("..", ".") for part in name.split("/")):
        raise _bad(f"het bestand '{_shown(name)}' wijst buiten het archief (..).")
    if "\x00" in name or any(not char.isprintable() for char in name):
        raise _bad("een bestandsnaam in het archief bevat verborgen tekens.")
    mode = (info.external_attr >> 16) & 0o170000
    if mode and mode not in (stat.S_IFREG, stat.S_IFDIR):
        raise _bad(f"'{_shown(name)}' is een snelkoppeling of een bijzonder bestand; die worden niet ingelezen.")


def _shown(text: str) -> str:
    text = "".join(char if char.isprintable() else "?" for char in text)
    return text if len(text) <= 80 else text[:77] + "…"


class ArchiveReader:
    """An archive opened for reading: names checked, passphrase checked, JSON read and validated."""

    def __init__(self, path: Path):
        self.path = Path(path)
        count = limits.zip_entry_count_of_file(self.path)   # before the directory is read
        if count is not None and count > limits.value("archive_max_entries"):
            raise BadArchive(str(limits.refuse("archive_max_entries", f"Het archief {self.path.name}", count)))
        try:
            self.zip = pyzipper.AESZipFile(self.path, "r")
        except FileNotFoundError:
            raise UsageError(f"Het archief {self.path} bestaat niet.") from None
        except (PermissionError, IsADirectoryError):
            raise BadArchive(f"Het archief {self.path.name} kan niet worden gelezen (geen toegang, of het is "
                             "een map).") from None
        except ZIP_ERRORS:
            raise _bad(f"{self.path.name} is geen ZIP-archief of het is beschadigd.") from None
        try:
            infos = self.zip.infolist()
            if len(infos) > limits.value("archive_max_entries"):
                raise BadArchive(str(limits.refuse("archive_max_entries", f"Het archief {self.path.name}",
                                                   len(infos))))
            for info in infos:
                _safe_name(info)
            self.members: dict[str, zipfile.ZipInfo] = {}
            for info in infos:
                if info.filename in self.members:
                    raise _bad(f"het bestand '{_shown(info.filename)}' staat er twee keer in; "
                               "welk van de twee bedoeld is, is niet te zeggen.")
                self.members[info.filename] = info
            if JSON_NAME not in self.members:
                raise _bad(f"het bestand {JSON_NAME} ontbreekt.")
        except BaseException:
            self.zip.close()
            raise

    @property
    def encrypted(self) -> bool:
        return bool(self.members[JSON_NAME].flag_bits & 0x1)

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> ArchiveReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def set_passphrase(self, passphrase: str | None) -> None:
        if passphrase is not None:
            self.zip.setpassword(unicodedata.normalize("NFC", passphrase).encode("utf-8"))

    def _open(self, info: zipfile.ZipInfo | str) -> IO[bytes]:
        try:
            member: IO[bytes] = self.zip.open(info, "r")
            return member
        except RuntimeError as exc:
            if "password" in str(exc).lower():
                if "requires" in str(exc).lower():
                    raise WrongPassphrase("Dit archief is versleuteld; geef het wachtwoord van het archief.") from None
                raise WrongPassphrase("Het wachtwoord van het archief klopt niet.") from None
            raise _bad("een bestand in het archief kan niet worden gelezen.") from None
        except ZIP_ERRORS:
            raise _bad("een bestand in het archief is beschadigd of gebruikt een onbekende compressie.") from None

    def read_json(self) -> dict[str, Any]:
        """dossier.json, read (within its size limit) and fully checked; BadArchive names the field."""
        info = self.members[JSON_NAME]
        most = limits.value("archive_max_json_bytes")
        if info.file_size > most:
            raise BadArchive(str(limits.refuse("archive_max_json_bytes", f"{JSON_NAME} in {self.path.name}",
                                               info.file_size)))
        raw = bytearray()
        with self._open(info) as stream:
            try:
                while chunk := stream.read(CHUNK):
                    raw += chunk
                    if len(raw) > info.file_size or len(raw) > most:
                        raise _bad(f"{JSON_NAME} is groter dan het archief zegt.")
            except RuntimeError:
                raise WrongPassphrase("Het wachtwoord van het archief klopt niet.") from None
            except ZIP_ERRORS:
                raise _bad(f"{JSON_NAME} is beschadigd.") from None
        try:
            data = json.loads(bytes(raw).decode("utf-8"))
        except UnicodeDecodeError:
            raise _bad(f"{JSON_NAME} is geen UTF-8-tekst.") from None
        except (json.JSONDecodeError, RecursionError) as exc:
            line = getattr(exc, "lineno", "?")
            raise _bad(f"{JSON_NAME} is geen geldige JSON (regel {line}).") from None
        check(data)
        self._check_files(data)
        checked: dict[str, Any] = data      # check() refuses anything but an object of the schema
        return checked

    def _check_files(self, data: dict[str, Any]) -> None:
        for index, item in enumerate(data.get("attachments", [])):
            where = f"attachments[{index}]"
            info = self.members.get(item["file"])
            if info is None:
                raise _bad(f"{where}.file: het bestand '{_shown(item['file'])}' staat niet in het archief.")
            if info.is_dir():
                raise _bad(f"{where}.file: '{_shown(item['file'])}' is een map.")
            if info.file_size != item["size"]:
                raise _bad(f"{where}.size: het archief zegt {info.file_size} bytes, dossier.json {item['size']}.")

    def total_attachment_bytes(self, data: dict[str, Any]) -> int:
        return sum(item["size"] for item in data.get("attachments", []))

    def open_attachment(self, item: dict[str, Any]) -> _LimitedStream:
        """A stream over one attachment's bytes (read it in chunks); the size is already checked."""
        return _LimitedStream(self._open(self.members[item["file"]]), item["size"])


class _LimitedStream:
    """Reads at most the declared size; more (a lying header) is an error, never a full disk."""

    def __init__(self, stream: IO[bytes], size: int) -> None:
        self.stream, self.size, self.read_so_far = stream, size, 0

    def read(self, amount: int = -1) -> bytes:
        try:
            chunk = self.stream.read(CHUNK if amount is None or amount < 0 else min(amount, 16 * CHUNK))
        except RuntimeError:
            raise WrongPassphrase("Het wachtwoord van het archief klopt niet.") from None
        except ZIP_ERRORS:
            raise _bad("een bijlage in het archief is beschadigd.") from None
        self.read_so_far += len(chunk)
        if self.read_so_far > self.size:
            raise _bad("een bijlage in het archief is groter dan opgegeven.")
        return chunk

    def close(self) -> None:
        self.stream.close()

    def __enter__(self) -> _LimitedStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- checking the JSON ----------------------------------------------------------------------------
_TYPE_NAMES = {"string": "tekst", "integer": "een heel getal", "boolean": "true of false", "object": "een object",
               "array": "een lijst", "null": "null", "number": "een getal"}


def _path(parts: Iterable[str | int]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "het bestand"


def _describe(error: Any) -> str:
    where = _path(error.absolute_path)
    kind = error.validator
    if kind == "required":
        missing = re.search(r"'([^']+)' is a required property", error.message)
        name = missing.group(1) if missing else "?"
        return f"{where}: het veld '{name}' ontbreekt." if error.absolute_path else f"het veld '{name}' ontbreekt."
    if kind == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        return f"{where} moet {' of '.join(_TYPE_NAMES.get(t, str(t)) for t in wanted)} zijn."
    if kind == "additionalProperties":
        extra = re.findall(r"'([^']+)'", error.message)
        name = extra[0] if extra else "?"
        return f"{where}: onbekend veld '{_shown(name)}'."
    if kind == "enum":
        return f"{where} moet een van deze waarden zijn: {', '.join(map(str, error.validator_value))}."
    if kind == "pattern":
        if "T[0-9]" in error.validator_value:
            return f"{where} moet een tijdstip zijn als 2026-01-31T14:00:00."
        if "[0-9]{4}-" in error.validator_value:
            return f"{where} moet een datum zijn als 2026-01-31."
        if "a-f" in error.validator_value:
            return f"{where} moet een SHA-256 zijn (64 tekens 0-9 en a-f)."
        return f"{where} heeft niet de vorm bijlagen/<nummer>/<naam>."
    if kind in ("minimum", "maximum"):
        return f"{where} is te {'klein' if kind == 'minimum' else 'groot'}."
    return f"{where} klopt niet met het schema ({kind})."


def check(data: Any) -> None:
    """Raise BadArchive (naming the field) for anything this app cannot store exactly."""
    from jsonschema import Draft202012Validator   # cold start: only when an archive is checked

    if not isinstance(data, dict):
        raise _bad(f"{JSON_NAME} moet een object zijn.")
    if data.get("format") != FORMAT_NAME:
        raise _bad(f"dit is geen export van Gezinsdossier (format is niet '{FORMAT_NAME}').")
    version = data.get("version")
    if version != FORMAT_VERSION:
        if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
            raise _bad(f"het is versie {version} van het formaat; deze app leest versie {FORMAT_VERSION}. "
                       "Werk Gezinsdossier bij.")
        raise _bad(f"onbekende versie van het formaat; deze app leest versie {FORMAT_VERSION}.")
    _check_lengths(data, [], limits.value("archive_max_text_chars"))   # before any pattern runs on a huge text
    validator = Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    if errors:
        raise _bad(_describe(errors[0]))
    _check_text(data, [])
    _check_dates(data)
    _check_ids(data)


def _check_lengths(value: Any, where: list[str | int], most: int) -> None:
    """No text field longer than the limit (limits.toml: archive_max_text_chars)."""
    if isinstance(value, str):
        if len(value) > most:
            raise _bad(f"{_path(where)} is te lang ({limits.shown(len(value))} tekens; de app leest ten hoogste "
                       f"{limits.shown(most)} tekens per tekstveld).")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_lengths(key, where, most)
            _check_lengths(item, where + [key], most)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_lengths(item, where + [index], most)


def _check_text(value: Any, where: list[str | int]) -> None:
    """Every string must be storable exactly: no lone surrogates (which UTF-8 cannot hold)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise _bad(f"{_path(where)} bevat een ongeldig teken (een losse surrogaat).") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key, where)
            _check_text(item, where + [key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_text(item, where + [index])


def _walk_objects(data: dict[str, Any]) -> Iterator[tuple[list[str | int], dict[str, Any], str]]:
    """(path, object, kind) of every record: the top-level lists, entry details and entry lists."""
    for name in ("persons", "contacts", "trajecten", "attachments", "consents"):
        for index, item in enumerate(data.get(name, [])):
            yield [name, index], item, name
    for index, entry in enumerate(data.get("entries", [])):
        yield ["entries", index], entry, "entries"
        for detail in _ENTRY_DETAILS:
            if detail in entry:
                yield ["entries", index, detail], entry[detail], detail
        for name in ("participants", "agreements"):
            for sub, item in enumerate(entry.get(name, [])):
                yield ["entries", index, name, sub], item, name


def _check_dates(data: dict[str, Any]) -> None:
    pattern_fields = _date_fields()
    for where, item, _kind in _walk_objects(data):
        for key, value in item.items():
            if key not in pattern_fields or not isinstance(value, str):
                continue
            try:
                parsed = dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
            except ValueError:
                raise _bad(f"{_path(where + [key])}: {value} bestaat niet als datum.") from None
            if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
                raise _bad(f"{_path(where + [key])}: {value} ligt niet tussen {FIRST_YEAR} en {LAST_YEAR}.")


@functools.lru_cache(maxsize=1)
def _date_fields() -> frozenset[str]:
    names: set[str] = set()

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.get("properties", {}).items():
                if isinstance(value, dict) and value.get("$ref", "").endswith(("date", "datetime")):
                    names.add(key)
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(schema())
    return frozenset(names)


def _check_ids(data: dict[str, Any]) -> None:
    known: dict[str, set[Any]] = {}
    for name in ("persons", "contacts", "trajecten", "entries", "attachments", "consents"):
        seen = set()
        for index, item in enumerate(data.get(name, [])):
            number = item.get("id")
            if number is None:
                continue
            if number in seen:
                raise _bad(f"{name}[{index}].id: nummer {number} komt twee keer voor in '{name}'.")
            seen.add(number)
        known[name] = seen
    for name in ("participants", "agreements"):
        seen = set()
        for where, item, kind in _walk_objects(data):
            if kind == name and item.get("id") is not None:
                if item["id"] in seen:
                    raise _bad(f"{_path(where)}.id: nummer {item['id']} komt twee keer voor in '{name}'.")
                seen.add(item["id"])
    roles = {item["id"]: item.get("role") for item in data.get("persons", [])}
    for where, item, kind in _walk_objects(data):
        for (owner, field), target in _REFERENCES.items():
            if owner != kind or item.get(field) is None:
                continue
            if item[field] not in known[target]:
                raise _bad(f"{_path(where + [field])} verwijst naar nummer {item[field]} in '{target}', "
                           "maar dat staat er niet in.")
        if kind == "trajecten" and item.get("child_id") is not None and roles.get(item["child_id"]) != "kind":
            raise _bad(f"{_path(where)}.child_id: persoon {item['child_id']} heeft niet de rol 'kind'.")
        if kind == "termijn" and "due_date" not in item:
            if item.get("rule_id") not in RULES or not item.get("start_date"):
                raise _bad(f"{_path(where)}: geef due_date, of rule_id (een bekende regel) en start_date "
                           "zodat de app de termijn kan uitrekenen.")
    kinds = {item["id"]: item["kind"] for item in data.get("entries", [])}
    for where, item, kind in _walk_objects(data):
        if kind == "gesprek" and item.get("recording_id") is not None and kinds[item["recording_id"]] != "opname":
            raise _bad(f"{_path(where)}.recording_id: item {item['recording_id']} is geen opname.")


def file_size_ok(total: int, folder: Path) -> None:
    """There must be room for the attachments (plus a margin) where the new dossier goes."""
    try:
        free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize if hasattr(os, "statvfs") else None
    except OSError:
        free = None
    if free is not None and total + 64 * 1024 * 1024 > free:
        raise _bad(f"de bijlagen zijn samen {total // (1024 * 1024)} MB en zoveel ruimte is er niet "
                   "op de schijf van het nieuwe dossier.")
