"""Extraction accuracy on the shared dev capture: ribao and, side by side, trafilatura alone.

    python bench/extract_accuracy.py [--corpus ../shared/corpus] [--pages]

Every article page of ``CORPUS/dev/corpus.warc.gz`` is scored against the day's gold
(``CORPUS/days/*/articles.json``; ``dev/gold.json`` maps article ids to URLs, and an article that
appears on several days counts once). Fields: title exact; published to the minute where the page
shows a time and to the day where it shows only the date; publisher (the 来源) exact; 文号 exact;
body character-level F1 (longest matching blocks of the whitespace-free texts, so order counts).

The scorer compares what the page shows. Where the gold says something the page does not show —
a 文号 no part of the page prints, a 文号 printed as the body's first line while the gold has
none — the page decides, and every such case is listed under "gold/page disagreements".

trafilatura runs on the same decoded text (``bare_extraction`` with metadata). It has no 来源 or
文号 fields: its publisher is its ``sitename``, and 文号 is not scored for it. Its date has no
time, so it is right only where the page shows only the date.

Targets (issue 4): every field 100% right; body F1 mean >= 0.98 and >= 0.9 on every page.
"""
from __future__ import annotations

import argparse
import html
import json
import statistics
import sys
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from difflib import SequenceMatcher
from pathlib import Path

import trafilatura

from ribao.capture.warc import iter_responses, page_kind
from ribao.catalog import load_catalog
from ribao.extract import ExtractError, extract_page
from ribao.extract.decode import decode_html
from ribao.text import DOC_NO

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CST = timezone(timedelta(hours=8))
FIELDS = ("title", "published", "publisher", "doc_no")


def _squash(s: str | None) -> str:
    return "".join((s or "").split())


def char_f1(pred: str, gold: str) -> float:
    """F1 over characters matched in order (difflib's matching blocks), whitespace ignored."""
    pred, gold = _squash(pred), _squash(gold)
    if not pred and not gold:
        return 1.0
    if not pred or not gold:
        return 0.0
    matched = sum(b.size for b in SequenceMatcher(None, pred, gold, autojunk=False).get_matching_blocks())
    if not matched:
        return 0.0
    p, r = matched / len(pred), matched / len(gold)
    return 2 * p * r / (p + r)


def load_gold(corpus: Path) -> dict[str, dict]:
    """URL → the gold article record (first day that has it)."""
    gold = json.loads((corpus / "dev" / "gold.json").read_text(encoding="utf-8"))
    out: dict[str, dict] = {}
    for day, g in sorted(gold.items()):
        doc = json.loads((corpus / "days" / day / "articles.json").read_text(encoding="utf-8"))
        for a in doc["articles"]:
            out.setdefault(g["urls"][a["id"]], a)
    return out


def _without_body(page: str, gold: dict) -> str:
    """The page source with the gold body paragraphs taken out: what the page shows around them."""
    for p in gold["body"]:
        for form in {p, html.escape(p, quote=False), html.escape(p)}:
            page = page.replace(form, "")
    return page


def expected(page: str, gold: dict) -> tuple[dict, list[str]]:
    """What the page shows for each field, and the gold/page disagreements found on the way."""
    notes = []
    when = datetime.strptime(gold["published"], "%Y-%m-%d %H:%M").replace(tzinfo=CST)
    utc = when.astimezone(timezone.utc)
    around = _without_body(page, gold)
    shown_times = {when.strftime("%H:%M"), utc.strftime("T%H:%M"), utc.strftime("%I:%M %p")}
    shows_time = any(t in around for t in shown_times)
    want = {"title": gold["title"], "publisher": gold["source"],
            "published": (when.strftime("%Y-%m-%d %H:%M") if shows_time else when.strftime("%Y-%m-%d")),
            "doc_no": ""}
    g_no = gold.get("doc_no") or ""
    flat = _squash(html.unescape(page))
    if g_no and _squash(g_no) in flat:
        want["doc_no"] = g_no
    elif g_no:
        notes.append(f"gold doc_no {g_no} is not on the page; expected ''")
    else:
        lead = [p for p in gold["body"][:3] if DOC_NO.fullmatch(_squash(p))]
        if lead:
            want["doc_no"] = _squash(lead[0])
            notes.append(f"gold doc_no is null but the page prints {lead[0]} as a line of its own; expected it")
    if _squash(gold["source"]) not in flat:
        notes.append(f"gold source {gold['source']} is not on the page")
    return want, notes


def _shown(a) -> str:
    """ribao's publish time as it claims to know it: to the minute, or the day when date-only."""
    if a.published is None:
        return ""
    return a.published.strftime("%Y-%m-%d" if a.published_precision == "day" else "%Y-%m-%d %H:%M")


def score_ribao(a, want: dict, gold: dict) -> dict:
    if isinstance(a, ExtractError):
        return {"error": a.reason, **{f: False for f in FIELDS}, "f1": 0.0, "got": {}}
    got = {"title": a.title, "publisher": a.publisher, "doc_no": a.doc_no, "published": _shown(a)}
    return {**{f: got[f] == want[f] for f in FIELDS}, "f1": char_f1("".join(a.body), "".join(gold["body"])),
            "got": got}


def score_trafilatura(doc, want: dict, gold: dict) -> dict:
    if doc is None:
        return {**{f: False for f in FIELDS}, "f1": 0.0, "got": {}}
    got = {"title": doc.title or "", "publisher": doc.sitename or "", "published": doc.date or "", "doc_no": None}
    return {"title": got["title"] == want["title"], "publisher": got["publisher"] == want["publisher"],
            "published": got["published"] == want["published"], "doc_no": None,
            "f1": char_f1(doc.text or "", "".join(gold["body"])), "got": got}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--pages", action="store_true", help="print every page's scores")
    args = ap.parse_args()
    if not (args.corpus / "dev" / "corpus.warc.gz").exists():
        print(f"no capture at {args.corpus}/dev", file=sys.stderr)
        return 2
    gold = load_gold(args.corpus)
    cat = load_catalog()
    rows = []
    for r in iter_responses(args.corpus / "dev" / "corpus.warc.gz"):
        if r.status != 200 or page_kind(r.url, r.content_type, cat) != "article":
            continue
        g = gold.get(r.url)
        if g is None:
            print(f"no gold for {r.url}", file=sys.stderr)
            continue
        text = decode_html(r.body, r.content_type).text
        want, notes = expected(text, g)
        rib = score_ribao(extract_page(r.body, r.url, r.content_type, catalog=cat), want, g)
        tra = score_trafilatura(trafilatura.bare_extraction(text, url=r.url, with_metadata=True), want, g)
        rows.append({"url": r.url, "site": g["site"], "want": want, "notes": notes, "ribao": rib, "trafilatura": tra})

    n = len(rows)
    print(f"{n} article pages, {len({x['url'] for x in rows})} URLs, gold for {len(gold)}")
    print(f"\n{'':12}{'title':>8}{'published':>11}{'publisher':>11}{'文号':>8}{'F1 mean':>9}{'F1 min':>8}")
    summary = {}
    for tool in ("ribao", "trafilatura"):
        s = [x[tool] for x in rows]
        acc = {f: (sum(1 for y in s if y[f]) / n if s[0][f] is not None else None) for f in FIELDS}
        f1 = [y["f1"] for y in s]
        summary[tool] = (acc, statistics.mean(f1), min(f1))
        cells = "".join(f"{(f'{acc[f]:.1%}' if acc[f] is not None else 'n/a'):>{w}}"
                        for f, w in zip(FIELDS, (8, 11, 11, 8)))
        print(f"{tool:12}{cells}{statistics.mean(f1):>9.4f}{min(f1):>8.4f}")

    print("\nper site (ribao: fields right / pages, body F1 mean; trafilatura body F1 mean)")
    by_site = defaultdict(list)
    for x in rows:
        by_site[x["site"]].append(x)
    for site, xs in sorted(by_site.items()):
        right = sum(all(x["ribao"][f] for f in FIELDS) for x in xs)
        print(f"  {site:10} {right:3}/{len(xs):<3} F1 {statistics.mean(x['ribao']['f1'] for x in xs):.4f}"
              f"   trafilatura F1 {statistics.mean(x['trafilatura']['f1'] for x in xs):.4f}")

    print("\ngold/page disagreements (scored by what the page shows):")
    for x in rows:
        for note in x["notes"]:
            print(f"  {x['site']:8} {x['url']}\n           {note}")
    if not any(x["notes"] for x in rows):
        print("  none")

    misses = [x for x in rows if not all(x["ribao"][f] for f in FIELDS) or x["ribao"]["f1"] < 0.9]
    print(f"\nribao misses ({len(misses)}):")
    for x in misses:
        bad = {f: (x["ribao"]["got"].get(f), x["want"][f]) for f in FIELDS if not x["ribao"][f]}
        print(f"  {x['url']} F1 {x['ribao']['f1']:.3f} {x['ribao'].get('error', '')} {bad}")
    if args.pages:
        for x in rows:
            print(json.dumps({k: x[k] for k in ("url", "want")} | {t: {k: v for k, v in x[t].items() if k != "got"}
                                                                   for t in ("ribao", "trafilatura")},
                             ensure_ascii=False))

    acc, mean_f1, min_f1 = summary["ribao"]
    met = all(v == 1.0 for v in acc.values()) and mean_f1 >= 0.98 and min_f1 >= 0.9
    print(f"\ntargets (fields 100%, F1 mean >= 0.98, min >= 0.9): {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
