"""The built bench dossier kept between runs: building 50,000 entries through the app's own services takes
minutes, measuring them is what `make bench` is for.

After the dataset has grown to a size (``save``), the closed dossier, its attachment folder and its key are
copied to ``$BENCH_CACHE`` (default ``~/.cache/gezinsdossier-bench``; ``BENCH_CACHE=0`` builds every
time). A later run with the same sizes and dataset code starts from that copy (``restore``); a kept
dossier of an older schema is migrated by the app when the bench opens it, as a user's would be. The data
is synthetic; the key is kept next to it (mode 0600) only for that reason.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent


def folder_for(sizes, seed: int) -> Path | None:
    setting = os.environ.get("BENCH_CACHE", str(Path.home() / ".cache" / "gezinsdossier-bench"))
    if setting in ("", "0"):
        return None
    code = hashlib.sha256()
    code.update((HERE / "dataset.py").read_bytes())
    label = (f"s{seed}-c{sizes.contacts}-a{sizes.attachments}-r{sizes.recording_mb}-n{sizes.repeats}-"
             f"q{int(sizes.quick)}-{'-'.join(map(str, sizes.growth))}-{code.hexdigest()[:12]}")
    return Path(setting) / label


def _attachments(path: Path) -> Path:
    from dossier_app.store.dossier import attachments_dir_for

    return attachments_dir_for(path)


def save(folder: Path | None, size: int, path: Path, key: bytes) -> None:
    """Keep the closed dossier at ``path`` as grown to ``size``."""
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / f"{size}.dossier"
    shutil.copyfile(path, target)
    shutil.rmtree(_attachments(target), ignore_errors=True)
    if _attachments(path).is_dir():
        shutil.copytree(_attachments(path), _attachments(target))
    key_file = folder / "key"
    key_file.write_text(key.hex())
    key_file.chmod(0o600)


def restore(folder: Path | None, size: int, path: Path) -> bytes | None:
    """Put the kept dossier of ``size`` at ``path`` (closed) and return its key; None when there is none."""
    if folder is None or not (folder / f"{size}.dossier").is_file() or not (folder / "key").is_file():
        return None
    for item in path.parent.glob(path.name + "*"):
        if item.is_dir():
            shutil.rmtree(item)
        else:
            item.unlink()
    source = folder / f"{size}.dossier"
    shutil.copyfile(source, path)
    if _attachments(source).is_dir():
        shutil.copytree(_attachments(source), _attachments(path))
    return bytes.fromhex((folder / "key").read_text())
