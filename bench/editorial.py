"""Editorial depth on the dev days: sections, repeated wording, abstract length, context cited.

    python bench/editorial.py [--compare SRC]      # SRC: another checkout's root (its src/ is imported)

Ingests ../shared/corpus/dev into a fresh home, builds every gold date with the extractive
writer, and prints per day:

- sections, and how many are angles of one story or context sections;
- sentences that repeat a 14-character run of another section or of another day's bulletin once
  digits and the line's theme names are blanked (template sentences; target 0); the same count
  for writer-made text only (sentences without a citation, the abstract and the 趋势判断); and
  ``repeating_template``: the count once document names (《…》, 文号) are blanked too (naming
  the same document on two days is not a template). The abstract and the 趋势判断 are built
  from their own day's sections, so they are compared with other days only;
- the abstract's length (target 150–300 characters);
- background and context items cited (references used for 背景核验 / 长期脉络梳理: earlier
  documents, from the archive).

With ``--compare SRC`` the same is measured on SRC in a subprocess (PYTHONPATH=SRC/src) and a
before/after table is printed. The bench reads only bulletin.json, so any version of ribao whose
CLI has ``ingest`` and ``build --out`` can be compared.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
RUN = 14


def build_all(home: Path) -> dict[str, dict]:
    from typer.testing import CliRunner

    from ribao.cli import app

    runner = CliRunner()
    r = runner.invoke(app, ["--home", str(home), "ingest", str(DEV / "corpus.warc.gz")])
    assert r.exit_code == 0, r.output
    out = {}
    for day in sorted(json.loads((DEV / "gold.json").read_text(encoding="utf-8"))):
        d = home / "out" / day
        r = runner.invoke(app, ["--home", str(home), "build", "--date", day, "--out", str(d)])
        assert r.exit_code == 0, r.output
        out[day] = json.loads((d / "bulletin.json").read_text(encoding="utf-8"))
    return out


def _blank(text: str, themes: list[str], names: bool = False) -> str:
    """Digits and theme names blanked; with ``names``, also the names of documents (《…》 and 文号),
    which are content rather than wording."""
    for t in sorted(themes, key=len, reverse=True):
        text = text.replace(t, "§")
    if names:
        from ribao.text import DOC_NO

        text = DOC_NO.sub("〔〕", re.sub(r"《[^》]*》", "《》", text))
    return re.sub(r"\d+(?:\.\d+)?", "#", re.sub(r"\s+", "", text))


def _runs(text: str) -> set[str]:
    return {text[i:i + RUN] for i in range(len(text) - RUN + 1)}


def _split(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。！？])", text or "") if s.strip()]


def _repeats(units, themes: list[str], names: bool) -> list[bool]:
    """Whether each unit's sentence shares a 14-character run with another section of its day or
    with another day. The abstract and the 趋势判断 are made from their own day's sections, so
    they are compared with other days only."""
    runs = [_runs(_blank(t, themes, names)) for _, _, t, _ in units]
    owners: dict[str, set[tuple[str, str]]] = {}
    for (day, unit, _, _), rs in zip(units, runs):
        for r in rs:
            owners.setdefault(r, set()).add((day, unit))
    summary = ("abstract", "trend")
    out = []
    for (day, unit, _, _), rs in zip(units, runs):
        others = set().union(*(owners[r] for r in rs)) - {(day, unit)} if rs else set()
        out.append(any(d != day or (unit not in summary and u not in summary) for d, u in others))
    return out


def measure(bulletins: dict[str, dict], themes: list[str]) -> dict[str, dict]:
    """Per day: the counts described in the module docstring."""
    units = []      # (day, unit id, sentence, writer-made)
    for day, b in bulletins.items():
        for sec in b["sections"]:
            for p in sec["paragraphs"]:
                for s in p["sentences"]:
                    units.append((day, f"s{sec['number']}", s["text"], not s["cites"]))
        units += [(day, "abstract", s, True) for s in _split(b.get("abstract", ""))]
        units += [(day, "trend", s, True) for s in _split(b.get("trend", ""))]
    strict = _repeats(units, themes, names=False)
    loose = _repeats(units, themes, names=True)
    out: dict[str, dict] = {}
    for day, b in bulletins.items():
        refs = b.get("references", [])
        angles = [s.get("angle", "") for s in b["sections"]]
        rep = rep_made = rep_template = 0
        examples = []
        for (d, unit, text, made), hit, hit_template in zip(units, strict, loose):
            if d != day:
                continue
            rep_template += hit_template
            if hit:
                rep += 1
                rep_made += made
                examples.append(text[:60])
        out[day] = {
            "sections": len(b["sections"]),
            "angle_sections": sum(a in ("content", "scope", "mechanism") for a in angles),
            "context_sections": sum(a == "context" for a in angles),
            "repeating_sentences": rep, "repeating_writer_made": rep_made, "repeating_template": rep_template,
            "sentences": sum(1 for u in units if u[0] == day),
            "abstract_chars": len(b.get("abstract", "")),
            "background_cited": sum(("背景" in r.get("usage", "") or "脉络" in r.get("usage", "")) for r in refs),
            "examples": examples[:4],
        }
    return out


def run_here() -> dict[str, dict]:
    from ribao.lines import load_line

    themes = [t.name for t in load_line("xinzhi").themes]
    with tempfile.TemporaryDirectory() as tmp:
        return measure(build_all(Path(tmp)), themes)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--compare", help="another checkout's root: measured the same way, shown as 'before'")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if not (DEV / "corpus.warc.gz").exists():
        print("../shared/corpus/dev is absent", file=sys.stderr)
        return 2
    if a.json:
        print(json.dumps(run_here(), ensure_ascii=False))
        return 0
    after = run_here()
    before = None
    if a.compare:
        env = {**os.environ, "PYTHONPATH": str(Path(a.compare).resolve() / "src")}
        res = subprocess.run([sys.executable, __file__, "--json"], env=env, capture_output=True, text=True, check=True)
        before = json.loads(res.stdout.strip().splitlines()[-1])
    cols = ["sections", "angle_sections", "context_sections", "repeating_sentences", "repeating_writer_made",
            "repeating_template", "abstract_chars", "background_cited"]
    for label, data in (("before", before), ("after", after)):
        if data is None:
            continue
        print(f"\n{label}:")
        print(f"{'day':12}" + "".join(f"{c:>{len(c) + 2}}" for c in cols))
        for day, m in data.items():
            print(f"{day:12}" + "".join(f"{m.get(c, 0):>{len(c) + 2}}" for c in cols))
            for ex in m["examples"]:
                print(f"{'':12}  repeats: {ex}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
