"""`make bench`: Gezinsdossier against its bare libraries, on one synthetic dossier.

Every figure is the median of several runs (p95 where the spread matters),
next to a baseline measured in the same run with the bare library on the
same data. Prints a table and writes ``bench/results.json``.

Sizes: ``make bench`` is the full run (10,000 entries, 500 contacts, 50
trajecten, 200 attachments of 1 MB, one 200 MB recording, growth to 50,000);
``BENCH_QUICK=1`` is a small run. Single sizes can be overridden with
BENCH_ENTRIES, BENCH_CONTACTS, BENCH_ATTACHMENTS, BENCH_RECORDING_MB,
BENCH_GROWTH (e.g. "1000,10000,50000") and BENCH_REPEATS.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PASSPHRASE = "bench-wachtwoord-2026"
SEED = 12
SEARCHES = [  # (label, text): common word, rare word, prefix, two words, full names, …
    ("gewoon woord", "gesprek"),
    ("zeldzaam woord", "zorgvuldigheidstoets"),
    ("voorvoegsel", "beschik"),
    ("twee woorden", "wachtlijst school"),
    ("volledige naam", "Sanne de Vries"),
    ("naam contact", "Fleur Dijkstra"),
    ("organisatie", "Kindpraktijk De Linde"),
    ("plaats", "Amersfoort"),
    ("kenmerk", "JGT"),
    ("zin", "bezwaar termijn besluit"),
]


# -- sizes -----------------------------------------------------------------------------
def _int_env(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


@dataclass
class Sizes:
    entries: int
    contacts: int
    attachments: int
    recording_mb: int
    growth: list
    repeats: int

    @classmethod
    def from_env(cls) -> Sizes:
        quick = os.environ.get("BENCH_QUICK") not in (None, "", "0")
        default = cls(2000, 100, 20, 20, [500, 2000, 5000], 3) if quick else \
            cls(10_000, 500, 200, 200, [1000, 10_000, 50_000], 5)
        growth = os.environ.get("BENCH_GROWTH")
        sizes = cls(
            entries=_int_env("BENCH_ENTRIES", default.entries),
            contacts=_int_env("BENCH_CONTACTS", default.contacts),
            attachments=_int_env("BENCH_ATTACHMENTS", default.attachments),
            recording_mb=_int_env("BENCH_RECORDING_MB", default.recording_mb),
            growth=[int(x) for x in growth.split(",")] if growth else default.growth,
            repeats=_int_env("BENCH_REPEATS", default.repeats),
        )
        if sizes.entries not in sizes.growth:
            sizes.growth = sorted(set(sizes.growth) | {sizes.entries})
        return sizes


# -- measuring --------------------------------------------------------------------------
def timed(function, repeats: int, *, setup=None) -> list[float]:
    """Seconds per call, ``repeats`` calls (after ``setup`` each time, untimed)."""
    samples = []
    for _ in range(repeats):
        if setup:
            setup()
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


def timed_pair(ours, bare, repeats: int) -> tuple[list[float], list[float]]:
    """Seconds per call of ``ours`` and of its ``bare`` baseline, measured alternately
    (ours, bare, ours, …), so a burst of other work on a shared machine falls on
    both alike instead of on one block of samples."""
    first, second = [], []
    for _ in range(repeats):
        first += timed(ours, 1)
        second += timed(bare, 1)
    return first, second


def median(samples) -> float:
    return statistics.median(samples)


def p95(samples) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


@dataclass
class Result:
    name: str
    value: float
    unit: str
    baseline: float | None = None
    ratio: float | None = None
    target: str = ""
    passed: bool | None = None

    def as_json(self) -> dict:
        data = asdict(self)
        data["pass"] = data.pop("passed")
        return data


class Report:
    def __init__(self):
        self.results: list[Result] = []

    def add(self, name, value, unit, baseline=None, *, target="", check=None, ratio=None) -> Result:
        if ratio is None and baseline:
            ratio = value / baseline if unit not in ("MB/s", "entries/s") else value / baseline
        result = Result(name, round(value, 2), unit, None if baseline is None else round(baseline, 2),
                        None if ratio is None else round(ratio, 2), target,
                        None if check is None else bool(check(value, ratio)))
        self.results.append(result)
        print(_row(result), flush=True)
        return result

    def write(self, path: Path) -> None:
        path.write_text(json.dumps([r.as_json() for r in self.results], indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")


def _fmt(value) -> str:
    if value is None:
        return "—"
    return f"{value:,.2f}".replace(",", " ")


HEADER = f"{'meting':<46} {'waarde':>12} {'eenheid':<10} {'kaal':>11} {'ratio':>7}  {'doel':<28} resultaat"


def _row(r: Result) -> str:
    verdict = "—" if r.passed is None else ("PASS" if r.passed else "FAIL")
    return (f"{r.name:<46} {_fmt(r.value):>12} {r.unit:<10} {_fmt(r.baseline):>11} {_fmt(r.ratio):>7}  "
            f"{r.target:<28} {verdict}")


# -- bare library helpers -------------------------------------------------------------------
def bare_connect(path: Path, key_literal: str):
    from sqlcipher3 import dbapi2

    connection = dbapi2.connect(str(path))
    connection.execute(f"PRAGMA key = \"{key_literal}\"")
    return connection


# The same rows and columns the app's timeline reads (with each document's kind).
TIMELINE_SQL = ("SELECT e.id, e.kind, e.occurred_on, e.title, e.case_id, t.title, substr(e.body, 1, 300), d.doc_kind "
                "FROM entry AS e LEFT JOIN traject AS t ON t.id = e.case_id "
                "LEFT JOIN document AS d ON d.entry_id = e.id "
                "ORDER BY e.occurred_on DESC, e.id DESC")
# The same output as the app's search (the best 200 rows by bm25, no snippet: the app makes a
# snippet only for a hit that is shown), in the cheapest way with the bare library.
SEARCH_SQL = ("SELECT source, ref, kind, occurred_on, title, body "
              "FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT 200")


def bare_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def bare_encrypt(source: Path, target: Path, key: bytes, chunk: int) -> None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aead = AESGCM(key)
    with open(source, "rb") as src, open(target, "wb") as dst:
        index = 0
        while True:
            block = src.read(chunk)
            dst.write(aead.encrypt(index.to_bytes(12, "big"), block, b""))
            index += 1
            if len(block) < chunk:
                break
        dst.flush()
        os.fsync(dst.fileno())


def bare_decrypt(source: Path, target: Path, key: bytes, chunk: int) -> None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aead = AESGCM(key)
    with open(source, "rb") as src, open(target, "wb") as dst:
        index = 0
        while True:
            block = src.read(chunk + 16)
            if not block:
                break
            dst.write(aead.decrypt(index.to_bytes(12, "big"), block, b""))
            index += 1
        dst.flush()
        os.fsync(dst.fileno())


# -- the benchmark ---------------------------------------------------------------------------
class Bench:
    def __init__(self, sizes: Sizes, work: Path):
        self.sizes = sizes
        self.work = work
        self.path = work / "bench.dossier"
        self.report = Report()
        self.growth: dict[int, dict] = {}
        self.answers: dict[str, dict] = {}

    # opening ----------------------------------------------------------------
    def reopen(self):
        from dossier_app.store.dossier import Dossier

        if getattr(self, "dossier", None) is not None and self.dossier.is_open:
            self.dossier.close()
        self.dossier = self._bind(Dossier.unlock(self.path, key=self.key))
        return self.dossier

    @staticmethod
    def _bind(dossier):
        """The bench works on one dossier at a time in its own thread: bind it there for the store calls
        (there is no global "current" dossier; see store/models.py)."""
        from dossier_app.store.models import bind_models

        bind_models(dossier)
        return dossier

    def run(self) -> Report:
        from bench.dataset import SyntheticDossier
        from dossier_app.store.dossier import Dossier

        print(f"Gezinsdossier benchmark — {self.sizes}", flush=True)
        started = time.perf_counter()
        self.dossier = self._bind(Dossier.create(self.path, PASSPHRASE, name="Benchmark"))
        self.key, self.salt = self.dossier.key, self.dossier.salt
        self.key_literal = self.dossier.key_literal
        self.data = SyntheticDossier(self.dossier, seed=SEED, contacts=self.sizes.contacts)
        self.data.create_family()
        print(HEADER, flush=True)
        for size in self.sizes.growth:
            build = time.perf_counter()
            self.data.grow_to(size)
            print(f"-- {size} entries ({len(self.data.cases)} trajecten) built in "
                  f"{time.perf_counter() - build:.1f} s", flush=True)
            self.reopen()
            self.growth[size] = self.stage(size)
            if size == self.sizes.entries:
                self.main_figures()
        self.growth_figures()
        self.dossier.close()
        self.cold_start()
        print(f"-- total {time.perf_counter() - started:.0f} s", flush=True)
        return self.report

    # per size ----------------------------------------------------------------
    def stage(self, size: int) -> dict:
        from dossier_app.store import entries

        repeats = self.sizes.repeats
        figures = {"open": self.measure_open(size), "search": self.measure_search(size)}
        figures.update(self.measure_timeline(size))
        figures["letter"] = self.measure_letters(size)
        # Adding entries: batches of notes in one transaction (like an import).
        batch = 200 if size >= 2000 else 100
        rates = []
        for _ in range(max(2, repeats // 2)):
            seconds = timed(lambda: self._add_batch(batch), 1)[0]
            rates.append(batch / seconds)
        figures["add_rate"] = median(rates)
        single = timed(lambda: entries.add_note("Losse notitie over het schoolverzuim.",
                                                occurred_on=dt.date(2026, 5, 1)), repeats * 2)
        figures["add_one"] = median(single)
        self.report.add(f"entry toevoegen, batch ({size})", figures["add_rate"], "entries/s")
        self.report.add(f"entry toevoegen, los + commit ({size})", ms(figures["add_one"]), "ms")
        return figures

    def _add_batch(self, count: int) -> None:
        from dossier_app.store import entries
        from dossier_app.store.models import database

        with database.atomic():
            for number in range(count):
                entries.add_note(f"Geïmporteerde notitie {number} over de wachtlijst en het schoolverzuim.",
                                 occurred_on=dt.date(2025, 1, 1) + dt.timedelta(days=number % 300))

    def measure_open(self, size: int) -> float:
        from dossier_app.store.dossier import Dossier

        repeats = self.sizes.repeats
        self.dossier.close()
        opened = []

        def open_once():
            opened.append(Dossier.unlock(self.path, key=self.key))

        samples = timed(open_once, repeats, setup=lambda: opened and opened.pop().close())
        opened.pop().close()

        def bare_once():
            connection = bare_connect(self.path, self.key_literal)
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            connection.close()

        bare = timed(bare_once, repeats)
        value = median(samples)
        self.report.add(f"openen zonder sleutelafleiding ({size})", ms(value), "ms", ms(median(bare)),
                        target="≤ 50 ms", check=lambda v, r: v <= 50)
        self.reopen()
        return value

    def measure_search(self, size: int) -> dict:
        from dossier_app.store import search

        repeats = self.sizes.repeats
        ours, bare = [], []
        connection = bare_connect(self.path, self.key_literal)
        try:
            for _label, text in SEARCHES:
                query = search.fts_query(text)
                search.search(text)  # warm (page cache), as after the first keystroke
                mine, theirs = timed_pair(lambda text=text: search.search(text),
                                          lambda query=query: connection.execute(SEARCH_SQL, (query,)).fetchall(),
                                          repeats)
                ours += mine
                bare += theirs
        finally:
            connection.close()
        figures = {"p95": p95(ours), "median": median(ours), "bare_p95": p95(bare)}
        target = "≤ 2× kaal" + (" en ≤ 50 ms" if size >= 50_000 else "")
        self.report.add(f"zoeken p95, 10 zoekvragen ({size})", ms(figures["p95"]), "ms", ms(figures["bare_p95"]),
                        target=target, check=lambda v, r: r <= 2 and (size < 50_000 or v <= 50))
        return figures

    def measure_timeline(self, size: int) -> dict:
        from dossier_app.store import entries

        repeats = self.sizes.repeats
        connection = bare_connect(self.path, self.key_literal)
        try:
            whole, bare = timed_pair(lambda: entries.timeline(),
                                     lambda: connection.execute(TIMELINE_SQL).fetchall(), repeats)
            bare_page = timed(lambda: connection.execute(TIMELINE_SQL + " LIMIT 200").fetchall(), repeats)
        finally:
            connection.close()
        first = timed(self._first_page, repeats)
        self.report.add(f"hele tijdlijn ({size})", ms(median(whole)), "ms", ms(median(bare)),
                        target="≤ 2× kaal", check=lambda v, r: r <= 2)
        self.report.add(f"eerste tijdlijnpagina in model ({size})", ms(median(first)), "ms", ms(median(bare_page)),
                        target="≤ 100 ms", check=lambda v, r: v <= 100)
        return {"timeline": median(whole), "first_page": median(first)}

    def _first_page(self):
        from dossier_app.store import entries
        from dossier_app.ui.table_models import TimelineModel

        model = TimelineModel()
        if hasattr(model, "set_source"):
            model.set_source(lambda limit, last: entries.timeline(limit=limit, after=last),
                             entries.count_entries())
        else:  # before paging: the whole timeline
            model.set_rows(entries.timeline())
        model.data(model.index(0, 3))
        return model

    def measure_letters(self, size: int) -> float:
        from dossier_app.errors import UsageError
        from dossier_app.letters.catalogue import all_kinds
        from dossier_app.letters.render import MissingFields, render_letter

        repeats = self.sizes.repeats
        totals = []
        for kind in all_kinds():
            answers = self.answers.setdefault(kind.id, {})
            try:
                for _ in range(4):
                    try:
                        rendered = render_letter(kind.id, answers=answers)
                        break
                    except MissingFields as exc:
                        answers.update({name: "Zie de toelichting in het dossier." for name, _q in exc.missing})
            except UsageError as exc:      # a kind not measured is a failed target, with its reason
                self.report.add(f"brief {kind.id} ({size}) NIET GEMETEN: {str(exc)[:60]}", 0, "ms",
                                target="elke soort gemeten", check=lambda v, r: False)
                continue
            ours, bare = timed_pair(
                lambda kind=kind, answers=answers: render_letter(kind.id, answers=answers).to_docx(),
                lambda rendered=rendered: bare_docx(rendered.text), repeats)
            totals.append(median(ours))
            self.report.add(f"brief {kind.id} ({size})", ms(median(ours)), "ms", ms(median(bare)),
                            target="≤ 1.5× kaal python-docx", check=lambda v, r: r <= 1.5)
        return median(totals) if totals else 0.0

    # once, at the main size --------------------------------------------------------
    def main_figures(self) -> None:
        self.measure_key_derivation()
        self.measure_integrity()
        self.measure_attachments()
        self.measure_recording()
        self.measure_backup()

    def measure_key_derivation(self) -> None:
        from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

        from dossier_app.security import keys

        samples = timed(lambda: keys.derive_key(PASSPHRASE, self.salt), 3)
        bare = timed(lambda: Argon2id(salt=self.salt, length=32, iterations=keys.KDF_ITERATIONS,
                                      lanes=keys.KDF_LANES, memory_cost=keys.KDF_MEMORY_KIB)
                     .derive(PASSPHRASE.encode()), 3)
        self.report.add("sleutelafleiding (Argon2id)", ms(median(samples)), "ms", ms(median(bare)))

    def measure_integrity(self) -> None:
        if not hasattr(self.dossier, "verify_integrity"):
            return
        samples = timed(self.dossier.verify_integrity, 2)

        def bare():
            connection = bare_connect(self.path, self.key_literal)
            connection.execute("PRAGMA cipher_integrity_check").fetchall()
            connection.execute("PRAGMA quick_check").fetchall()
            connection.close()

        self.report.add("volledige integriteitscontrole (achtergrond)", ms(median(samples)), "ms",
                        ms(median(timed(bare, 2))))

    def measure_attachments(self) -> None:
        from dossier_app.security import filecrypt
        from dossier_app.store import attachments

        count = self.sizes.attachments
        if not count:
            return
        source_dir = self.work / "bron"
        source_dir.mkdir(exist_ok=True)
        rng = __import__("random").Random(SEED)
        sources = []
        for number in range(count):
            source = source_dir / f"rapport-{number:03d}.pdf"
            source.write_bytes(rng.randbytes(1024 * 1024))
            sources.append(source)
        megabytes = count
        entry_ids = [item.id for item in __import__("dossier_app.store.entries", fromlist=["x"]).timeline(
            kind="document", limit=count)]
        ids = []
        start = time.perf_counter()
        for number, source in enumerate(sources):
            ids.append(attachments.add_file(self.dossier, entry_ids[number % len(entry_ids)], source))
        store = time.perf_counter() - start
        bare_dir = self.work / "kaal"
        bare_dir.mkdir(exist_ok=True)
        key = filecrypt.new_file_key()
        start = time.perf_counter()
        for number, source in enumerate(sources):
            bare_encrypt(source, bare_dir / f"{number}.bin", key, filecrypt.CHUNK_SIZE)
        bare_store = time.perf_counter() - start
        out = self.work / "uit"
        out.mkdir(exist_ok=True)
        start = time.perf_counter()
        for number, attachment_id in enumerate(ids):
            attachments.export(self.dossier, attachment_id, out / f"{number}.pdf")
        read = time.perf_counter() - start
        start = time.perf_counter()
        for number in range(count):
            bare_decrypt(bare_dir / f"{number}.bin", out / f"kaal-{number}.pdf", key, filecrypt.CHUNK_SIZE)
        bare_read = time.perf_counter() - start
        self.report.add(f"bijlagen opslaan, {count} × 1 MB", megabytes / store, "MB/s", megabytes / bare_store,
                        ratio=bare_store / store)
        self.report.add(f"bijlagen teruglezen, {count} × 1 MB", megabytes / read, "MB/s", megabytes / bare_read,
                        ratio=bare_read / read, target="≥ 50% van kaal", check=lambda v, r: r >= 0.5)
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(bare_dir, ignore_errors=True)
        shutil.rmtree(source_dir, ignore_errors=True)

    def measure_recording(self) -> None:
        """The 200 MB recording, in a fresh process: throughput and peak RSS."""
        size_mb = self.sizes.recording_mb
        if not size_mb:
            return
        self.dossier.close()
        script = HERE / "recording_probe.py"
        env = dict(os.environ, BENCH_KEY=self.key.hex())
        result = subprocess.run([sys.executable, str(script), str(self.path), str(self.work), str(size_mb)],
                                capture_output=True, text=True, env=env, cwd=str(HERE.parent), timeout=900)
        if result.returncode:
            print(result.stderr)
            raise RuntimeError("recording probe failed")
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        self.report.add(f"opname {size_mb} MB opslaan", figures["store_mbs"], "MB/s", figures["bare_store_mbs"],
                        ratio=figures["bare_store_s"] / figures["store_s"])
        self.report.add(f"opname {size_mb} MB teruglezen", figures["read_mbs"], "MB/s", figures["bare_read_mbs"],
                        ratio=figures["bare_read_s"] / figures["read_s"], target="≥ 50% van kaal",
                        check=lambda v, r: r >= 0.5)
        self.report.add(f"piek-RSS met opname van {size_mb} MB", figures["peak_mb"], "MiB", figures["open_mb"],
                        target="≤ 350 MiB", check=lambda v, r: v <= 350)
        self.reopen()

    def measure_backup(self) -> None:
        from dossier_app.store import backup

        repeats = max(2, self.sizes.repeats // 2)
        target = self.work / "kopie.db"
        samples = timed(lambda: self.dossier.export_copy(target), repeats, setup=lambda: target.unlink(missing_ok=True))

        def bare():
            target.unlink(missing_ok=True)
            connection = bare_connect(self.path, self.key_literal)
            connection.execute("ATTACH DATABASE ? AS kopie KEY ?", (str(target), self.key_literal))
            connection.execute("SELECT sqlcipher_export('kopie')")
            connection.execute("DETACH DATABASE kopie")
            connection.close()

        bare_samples = timed(bare, repeats)
        self.report.add("back-up: database-export", ms(median(samples)), "ms", ms(median(bare_samples)))
        folder = self.work / "backups"
        folder.mkdir(exist_ok=True)
        full = timed(lambda: backup.automatic_backup(self.dossier, folder, keep=1), 1)[0]
        attachment_bytes = sum(p.stat().st_size for p in self.dossier.attachments_dir.glob("*"))

        def bare_full():
            bare()
            copy = self.work / "bare-copy"
            copy.mkdir(exist_ok=True)
            for item in self.dossier.attachments_dir.glob("*"):
                shutil.copyfile(item, copy / item.name)
            shutil.rmtree(copy)

        bare_full_s = timed(bare_full, 1)[0]
        self.report.add(f"back-up: volledig archief ({attachment_bytes // 2**20} MiB bijlagen)", ms(full), "ms",
                        ms(bare_full_s))
        # The app backs up in a worker thread after the window shows: the GUI
        # thread must still get its first timeline page quickly meanwhile.
        alone = median(timed(self._first_page, 3))
        during = []
        done = threading.Event()

        def work():
            try:
                backup.automatic_backup(self.dossier, folder, keep=1)
            finally:
                done.set()

        worker = threading.Thread(target=work)
        worker.start()
        time.sleep(0.02)
        while not done.is_set() and len(during) < 20:
            during += timed(self._first_page, 1)
        worker.join()
        value = max(during) if during else alone
        self.report.add("eerste tijdlijnpagina tijdens back-up (max)", ms(value), "ms", ms(alone),
                        target="≤ 100 ms (blokkeert niet)", check=lambda v, r: v <= 100)
        shutil.rmtree(folder, ignore_errors=True)
        target.unlink(missing_ok=True)

    # growth ---------------------------------------------------------------------------
    def growth_figures(self) -> None:
        sizes = sorted(self.growth)
        if len(sizes) < 2:
            return
        small, large = sizes[0], sizes[-1]
        a, b = self.growth[small], self.growth[large]
        label = f"{large}/{small}"

        def add(name, before, after, unit, target="", check=None, scale=1.0):
            self.report.add(f"groei {name} {label}", after * scale, unit, before * scale, target=target, check=check)

        add("openen", a["open"], b["open"], "ms", "vlak (≤ 1.5×)", lambda v, r: r <= 1.5, 1000)
        add("zoeken p95", a["search"]["p95"], b["search"]["p95"], "ms", "≤ 50 ms", lambda v, r: v <= 50, 1000)
        add("hele tijdlijn", a["timeline"], b["timeline"], "ms", scale=1000)
        add("eerste tijdlijnpagina", a["first_page"], b["first_page"], "ms", "≤ 100 ms",
            lambda v, r: v <= 100, 1000)
        add("brief (mediaan soorten)", a["letter"], b["letter"], "ms", "vlak (≤ 1.5×)", lambda v, r: r <= 1.5, 1000)
        add("entry toevoegen", a["add_rate"], b["add_rate"], "entries/s", "≥ 0.5× (vlak)", lambda v, r: r >= 0.5)

    # cold start -----------------------------------------------------------------------------
    def cold_start(self) -> None:
        repeats = max(3, self.sizes.repeats)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(self.work / "home"),
                   XDG_CONFIG_HOME=str(self.work / "home" / ".config"),
                   GEZINSDOSSIER_CONFIG=str(self.work / "config"), GEZINSDOSSIER_DATA=str(self.work / "data"))
        (self.work / "home").mkdir(exist_ok=True)
        app = [_spawn_until_marker([sys.executable, str(HERE / "coldstart.py"), "app"], env) for _ in range(repeats)]
        bare = [_spawn_until_marker([sys.executable, str(HERE / "coldstart.py"), "bare-qt"], env)
                for _ in range(repeats)]
        self.report.add("koude start app tot hoofdvenster", ms(median(app)), "ms", ms(median(bare)),
                        target="≤ 1 s", check=lambda v, r: v <= 1000)
        cli = Path(sys.executable).with_name("dossier-app")
        helps = timed(lambda: subprocess.run([str(cli), "--help"], env=env, capture_output=True, check=True), repeats)
        bare_helps = timed(lambda: subprocess.run(
            [sys.executable, "-c", "import argparse; argparse.ArgumentParser().print_help()"],
            env=env, capture_output=True, check=True), repeats)
        self.report.add("koude start CLI --help", ms(median(helps)), "ms", ms(median(bare_helps)))
        passfile = self.work / "wachtwoord.txt"
        passfile.write_text(PASSPHRASE + "\n")
        search = timed(lambda: subprocess.run([str(cli), "search", str(self.path), "wachtlijst",
                                               "--passphrase-file", str(passfile)],
                                              env=env, capture_output=True, check=True), repeats)
        bare_search = timed(lambda: subprocess.run(
            [sys.executable, str(HERE / "coldstart.py"), "bare-search", str(self.path), str(passfile)],
            env=env, capture_output=True, check=True), repeats)
        self.report.add("koude CLI-zoekopdracht (incl. sleutel)", ms(median(search)), "ms", ms(median(bare_search)))


def _spawn_until_marker(command, env) -> float:
    start = time.time()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    if result.returncode:
        raise RuntimeError(result.stderr)
    shown = float(result.stdout.strip().splitlines()[-1])
    return shown - start


def main() -> int:
    sizes = Sizes.from_env()
    base = os.environ.get("BENCH_DIR")
    work = Path(tempfile.mkdtemp(prefix="gezinsdossier-bench-", dir=base))
    try:
        report = Bench(sizes, work).run()
    finally:
        from dossier_app.store.dossier import Dossier

        for opened in Dossier.all_open():
            opened.close()
        shutil.rmtree(work, ignore_errors=True)
    out = Path(os.environ.get("BENCH_RESULTS", HERE / "results.json"))
    report.write(out)
    print()
    print(HEADER)
    for result in report.results:
        print(_row(result))
    failed = [r.name for r in report.results if r.passed is False]
    passed = sum(1 for r in report.results if r.passed)
    print(f"\n{passed} PASS, {len(failed)} FAIL — resultaten in {out}")
    return 0
