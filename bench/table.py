"""`python -m bench.table [results.json]`: the figures of a run as a Markdown table (for bench/README.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _number(value) -> str:
    return "—" if value is None else f"{value:,.2f}".replace(",", " ")


def table(results: list[dict]) -> str:
    lines = ["| figure | value | min–max | unit | bare | ratio | target | result |",
             "|---|---:|---:|---|---:|---:|---|---|"]
    for item in results:
        verdict = "—" if item["pass"] is None else ("PASS" if item["pass"] else "**FAIL**")
        spread = f"{_number(item.get('low'))}–{_number(item.get('high'))}" if item.get("low") is not None else ""
        note = f" ({item['why']})" if item.get("why") else ""
        lines.append(f"| {item['name']} | {_number(item['value'])} | {spread} | {item['unit']} | "
                     f"{_number(item['baseline'])} | {_number(item['ratio'])} | {item['target']} | {verdict}{note} |")
    passed = sum(1 for item in results if item["pass"])
    failed = sum(1 for item in results if item["pass"] is False)
    lines.append("")
    lines.append(f"{passed} PASS, {failed} FAIL, {len(results) - passed - failed} without target (reason given).")
    return "\n".join(lines)


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "results.json"
    print(table(json.loads(source.read_text(encoding="utf-8"))))
