"""Store and read back one large recording in a fresh process; report throughput and peak RSS.

Run by bench.runner: ``recording_probe.py DOSSIER WORKDIR SIZE_MB`` with the
derived key (hex) in BENCH_KEY. Prints one JSON line.
"""

from __future__ import annotations

import json
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    from bench.bare import decrypt_file as bare_decrypt, encrypt_file as bare_encrypt
    from dossier_app.security import filecrypt
    from dossier_app.store import attachments
    from dossier_app.store.dossier import Dossier

    path, work, size_mb = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    source = work / "opname.m4a"
    rng = random.Random(12)
    with open(source, "wb") as handle:
        for _ in range(size_mb):
            handle.write(rng.randbytes(1024 * 1024))
    dossier = Dossier.unlock(path, key=bytes.fromhex(os.environ["BENCH_KEY"]))
    dossier.__enter__()      # bound for the store calls below (closed by dossier.close())
    open_mb = rss_mib()
    start = time.perf_counter()
    attachment_id = attachments.add_file(dossier, None, source, "opname-gesprek.m4a")
    store_s = time.perf_counter() - start
    target = work / "opname-terug.m4a"
    start = time.perf_counter()
    attachments.export(dossier, attachment_id, target)
    read_s = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    dossier.close()
    target.unlink()
    key = filecrypt.new_file_key()
    sealed = work / "opname-kaal.bin"
    start = time.perf_counter()
    bare_encrypt(source, sealed, key, filecrypt.CHUNK_SIZE)
    bare_store_s = time.perf_counter() - start
    start = time.perf_counter()
    bare_decrypt(sealed, target, key, filecrypt.CHUNK_SIZE)
    bare_read_s = time.perf_counter() - start
    for leftover in (sealed, target, source):
        leftover.unlink(missing_ok=True)
    print(json.dumps({
        "store_s": store_s, "read_s": read_s, "bare_store_s": bare_store_s, "bare_read_s": bare_read_s,
        "store_mbs": size_mb / store_s, "read_mbs": size_mb / read_s,
        "bare_store_mbs": size_mb / bare_store_s, "bare_read_mbs": size_mb / bare_read_s,
        "peak_mb": peak_mb, "open_mb": open_mb,
    }))


if __name__ == "__main__":
    main()
