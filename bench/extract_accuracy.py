"""Extraction accuracy: ribao, trafilatura and GNE side by side, on real pages and on the dev capture.

    python bench/extract_accuracy.py [--real tests/fixtures/realpages] [--corpus ../shared/corpus]
                                     [--pages] [--misses]
                                     [--set dev|official|media|more|extra|holdout2…holdout39|every]

**Real pages** (``tests/fixtures/realpages/{official,media}/labels.jsonl`` by default; ``--set more``,
``--set extra``, ``--set holdout2`` to ``--set holdout39`` the later development folders (each measured once
when it arrived, before any rule saw it: ``HELD_OUT`` lists a folder while it waits for that measurement); with
the fixes of ``tests/fixtures/realpages_corrections.jsonl`` applied). Each page's bytes are extracted as a
user would (``extract_page(bytes, url)``, no HTTP header), and scored on what the page shows:

- title: exact, whitespace ignored;
- published: the labelled day, and the minute where the label has one (``published_precision``);
- publisher (the 来源 the page shows), 文号: exact, whitespace ignored ("" where the label has none);
- attachments: the set of absolute URLs;
- body start / end: the labelled first / last sentence is where the extracted body starts / ends
  (whitespace ignored; what follows an official document's text — the 附件 note, the issuing organs
  and the date signed — may follow the last sentence: the dev capture's gold keeps it in the body,
  the real labels end before it);
- body length: within ±15 % of the labelled length (characters without whitespace);
- list and other pages: right when no body is given (ribao: an ExtractError).

Fields a tool does not have (文号 and attachments for trafilatura and GNE) are "n/a". GNE is
in the ``bench`` extra (not a ribao dependency): without it its column is absent.

**Dev capture** (``../shared/corpus/dev``): every article page against the day's gold, as before:
title, published, publisher, 文号 and body character F1; all must stay 1.00.

Targets (issue 10): title ≥ 0.98, published ≥ 0.95, publisher ≥ 0.95, 文号 ≥ 0.95, attachments ≥ 0.95,
body start and end ≥ 0.95, body length ≥ 0.9, no body for list/other pages; dev corpus 1.00.
"""
from __future__ import annotations

import argparse
import html
import json
import re
import statistics
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from difflib import SequenceMatcher
from pathlib import Path
from urllib.parse import urljoin


from ribao.capture.warc import iter_responses, page_kind
from ribao.catalog import load_catalog
from ribao.extract import ExtractError, extract_page
from ribao.extract.dates import parse_datetime
from ribao.extract.decode import decode_html
from ribao.text import DOC_NO

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "fixtures" / "realpages"
CORRECTIONS = ROOT / "tests" / "fixtures" / "realpages_corrections.jsonl"
CORPUS = ROOT.parent / "shared" / "corpus"
CST = timezone(timedelta(hours=8))
REAL_FIELDS = ("title", "published", "publisher", "doc_no", "attachments", "body_start", "body_end", "body_length")
TARGETS = {"title": 0.98, "published": 0.95, "publisher": 0.95, "doc_no": 0.95, "attachments": 0.95,
           "body_start": 0.95, "body_end": 0.95, "body_length": 0.9, "no_body": 1.0}
TOOLS = ("ribao", "trafilatura", "gne")


def squash(s: str | None) -> str:
    return "".join((s or "").split())


# -- real pages --------------------------------------------------------------------------------------

@dataclass
class Label:
    """One labelled real page (a line of labels.jsonl, corrections applied)."""

    set: str
    id: str
    path: Path
    url: str
    kind: str
    title: str = ""
    published: str | None = None
    published_precision: str = "day"
    publisher: str = ""
    doc_no: str = ""
    attachments: list[dict] = field(default_factory=list)
    body_first: str = ""
    body_last: str = ""
    body_chars: int = 0


DEV_SETS = ("official", "media")  # developed on (rounds 1 and 2)
# developed on (rounds 3, 4 and 6-22): pages collected to see the rules fail on layouts they were not fitted to
MORE = ("more", "extra", "holdout3", "holdout4", "holdout5", "holdout6", "holdout7", "holdout8", "holdout9", "holdout10",
        "holdout11", "holdout12", "holdout2", "holdout14", "holdout13",
        "holdout15", "holdout16", "holdout17", "holdout18", "holdout19", "holdout20", "holdout21",
        "holdout22", "holdout23", "holdout24", "holdout25", "holdout26", "holdout27", "holdout28", "holdout29",
        "holdout32", "holdout34", "holdout35", "holdout36", "holdout37", "holdout38", "holdout39")
# measured only (each skipped when absent): a change that helps the dev sets and not these is suspect
HELD_OUT: tuple[str, ...] = ()  # the next folders collected apart, while they are measured once


def load_labels(real: Path = REAL, corrections: Path = CORRECTIONS, sets: tuple[str, ...] = DEV_SETS) -> list[Label]:
    """Every labelled page of the named folders of the real set, with ``corrections``
    ({id, field, value, reason}) applied."""
    fixes: dict[str, dict] = {}
    if corrections.exists():
        for line in corrections.read_text(encoding="utf-8").splitlines():
            if line.strip():
                c = json.loads(line)
                fixes.setdefault(c["id"], {})[c["field"]] = c["value"]
    out = []
    for part in sets:
        f = real / part / "labels.jsonl"
        if not f.exists():
            continue
        for line in f.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            d = json.loads(line) | fixes.get(json.loads(line)["id"], {})
            path = real / part / d["file"]
            if not path.exists():
                continue
            out.append(Label(
                set=part, id=d["id"], path=path, url=d["url"] or f"http://{d['site']}/",  # unknown: the site's root
                kind=d.get("kind") or "article",
                title=d.get("title") or "", published=d.get("published"),
                published_precision=d.get("published_precision") or "day", publisher=d.get("publisher") or "",
                doc_no=d.get("doc_no") or "", attachments=d.get("attachments") or [],
                body_first=d.get("body_first") or "", body_last=d.get("body_last") or "",
                body_chars=int(d.get("body_chars") or 0)))
    return out


@dataclass
class Got:
    """What one tool extracted from a page (None: the tool has no such field)."""

    body: str = ""
    title: str | None = ""
    published: datetime | None = None
    publisher: str | None = ""
    doc_no: str | None = None
    attachments: set[str] | None = None
    error: str = ""


def _when(label: Label) -> datetime | None:
    st = parse_datetime(label.published) if label.published else None
    return st.when if st else None


def score(label: Label, got: Got) -> dict[str, bool | None]:
    """Each field right (True), wrong (False) or not a field of the tool (None)."""
    if label.kind != "article":
        return {"no_body": not squash(got.body)}
    body = squash(got.body)
    want_when = _when(label)
    if want_when is None or got.published is None:
        published = want_when is None and got.published is None
    elif label.published_precision in ("minute", "second"):
        published = got.published.astimezone(CST).strftime("%Y-%m-%d %H:%M") == want_when.strftime("%Y-%m-%d %H:%M")
    else:
        published = got.published.astimezone(CST).date() == want_when.date()
    first, last = squash(label.body_first), squash(label.body_last)
    n = label.body_chars
    return {
        "title": squash(got.title) == squash(label.title) if got.title is not None else None,
        "published": published,
        "publisher": squash(got.publisher) == squash(label.publisher) if got.publisher is not None else None,
        "doc_no": squash(got.doc_no) == squash(label.doc_no) if got.doc_no is not None else None,
        "attachments": (got.attachments == {urljoin(label.url, a["href"]) for a in label.attachments}
                        if got.attachments is not None else None),
        "body_start": bool(body) and body.startswith(first),
        "body_end": bool(body) and _ends_with(body, last),
        "body_length": bool(n) and abs(len(body) - n) <= 0.15 * n,
    }


# What follows an official document's text (GB/T 9704: the 附件 note, the issuing organs, the date
# signed): the dev capture's gold keeps these as the body's last lines, the real set's labels end
# before them.
SIGNATURE = re.compile(r"(?:附件[^。！？]{0,300}?)?(?:[^。，；！？：]{0,100}(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)?")


def _ends_with(body: str, last: str) -> bool:
    """The labelled last sentence ends the body, or is followed only by the document's 附件 note
    and signature."""
    if body.endswith(last):
        return True
    k = body.rfind(last)
    return k >= 0 and SIGNATURE.fullmatch(body[k + len(last):]) is not None


def run_ribao(raw: bytes, url: str, catalog) -> Got:
    a = extract_page(raw, url, catalog=catalog)
    if isinstance(a, ExtractError):
        return Got(title="", error=a.reason, doc_no="", attachments=set())
    return Got(body="\n".join(a.body), title=a.title, published=a.published, publisher=a.publisher,
               doc_no=a.doc_no, attachments={x.url for x in a.attachments})


def _trafilatura():
    """trafilatura is in the ``bench`` extra, not a ribao dependency: without it its column is absent."""
    try:
        import trafilatura
    except ImportError:
        return None
    return trafilatura


def run_trafilatura(trafilatura, raw: bytes, url: str) -> Got:
    doc = trafilatura.bare_extraction(decode_html(raw).text, url=url, with_metadata=True)
    if doc is None:
        return Got(title="", publisher="")
    st = parse_datetime(doc.date) if doc.date else None
    return Got(body=doc.text or "", title=doc.title or "", published=st.when if st else None,
               publisher=doc.sitename or "")


def _gne():
    try:
        from gne import GeneralNewsExtractor
    except ImportError:
        return None
    return GeneralNewsExtractor()


def run_gne(gne, raw: bytes, url: str) -> Got:
    """GNE on the decoded page. It has no 来源 field: its ``author`` is the nearest it has, so it is
    scored as the publisher."""
    try:
        r = gne.extract(decode_html(raw).text, host=url, noise_node_list=['//div[@class="comment-list"]'])
    except Exception as exc:  # GNE raises on pages it cannot read; that is a miss, not a crash of the bench
        return Got(title="", publisher="", error=f"{type(exc).__name__}: {exc}")
    st = parse_datetime(r.get("publish_time") or "")
    return Got(body=r.get("content") or "", title=r.get("title") or "", published=st.when if st else None,
               publisher=r.get("author") or "")


@dataclass
class Row:
    label: Label
    got: dict[str, Got]
    scores: dict[str, dict[str, bool | None]]


def real_rows(labels: list[Label], tools=TOOLS) -> list[Row]:
    catalog = load_catalog()
    gne = _gne() if "gne" in tools else None
    traf = _trafilatura() if "trafilatura" in tools else None
    rows = []
    for lab in labels:
        raw = lab.path.read_bytes()
        got = {"ribao": run_ribao(raw, lab.url, catalog)}
        if traf is not None:
            got["trafilatura"] = run_trafilatura(traf, raw, lab.url)
        if gne is not None:
            got["gne"] = run_gne(gne, raw, lab.url)
        rows.append(Row(lab, got, {t: score(lab, g) for t, g in got.items()}))
    return rows


def rates(rows: list[Row], tool: str) -> dict[str, tuple[int, int]]:
    """field → (right, scored)."""
    out: dict[str, tuple[int, int]] = {}
    for f in (*REAL_FIELDS, "no_body"):
        vals = [r.scores[tool].get(f) for r in rows if tool in r.scores]
        vals = [v for v in vals if v is not None]
        if vals:
            out[f] = (sum(vals), len(vals))
    return out


def print_real(rows: list[Row], show_misses: bool) -> bool:
    tools = [t for t in TOOLS if rows and t in rows[0].got]
    head = f"{'':24}" + "".join(f"{f.replace('body_', 'body '):>12}" for f in (*REAL_FIELDS, "no_body"))
    ok = True
    parts = sorted({r.label.set for r in rows}, key=lambda p: (*DEV_SETS, *MORE, *HELD_OUT, p).index(p))
    for part in (*parts, "all") if len(parts) > 1 else parts:
        sub = [r for r in rows if part == "all" or r.label.set == part]
        if not sub:
            continue
        arts = sum(r.label.kind == "article" for r in sub)
        print(f"\n{part}: {len(sub)} pages ({arts} articles, {len(sub) - arts} list/other), "
              f"{len({r.label.url.split('/')[2] for r in sub})} hosts")
        print(head)
        for t in tools:
            rt = rates(sub, t)
            cells = "".join(f"{(f'{rt[f][0] / rt[f][1]:.2f}' if f in rt else 'n/a'):>12}" for f in (*REAL_FIELDS, "no_body"))
            print(f"  {t:22}{cells}")
            if t == "ribao" and (part == "all" or len(parts) == 1):
                ok = all(rt[f][0] / rt[f][1] >= TARGETS[f] for f in rt)
    if show_misses:
        print("\nribao misses:")
        for r in rows:
            bad = [f for f, v in r.scores["ribao"].items() if v is False]
            if not bad:
                continue
            g, lab = r.got["ribao"], r.label
            print(f"  {lab.id} ({lab.kind}) {lab.url}  {g.error}")
            for f in bad:
                print(f"      {f}: got {_show(f, g)!r} want {_want(f, lab)!r}")
    return ok


def _show(f: str, g: Got):
    body = squash(g.body)
    return {"title": g.title, "published": g.published and g.published.isoformat(), "publisher": g.publisher,
            "doc_no": g.doc_no, "attachments": sorted(g.attachments or ()), "body_start": body[:40],
            "body_end": body[-40:], "body_length": len(body), "no_body": body[:60]}[f]


def _want(f: str, lab: Label):
    return {"title": lab.title, "published": f"{lab.published} ({lab.published_precision})",
            "publisher": lab.publisher, "doc_no": lab.doc_no,
            "attachments": sorted(urljoin(lab.url, a["href"]) for a in lab.attachments),
            "body_start": squash(lab.body_first)[:40], "body_end": squash(lab.body_last)[-40:],
            "body_length": lab.body_chars, "no_body": ""}[f]


# -- dev capture -------------------------------------------------------------------------------------

DEV_FIELDS = ("title", "published", "publisher", "doc_no")


def char_f1(pred: str, gold: str) -> float:
    """F1 over characters matched in order (difflib's matching blocks), whitespace ignored."""
    pred, gold = squash(pred), squash(gold)
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
    for p in gold["body"]:
        for form in {p, html.escape(p, quote=False), html.escape(p)}:
            page = page.replace(form, "")
    return page


def dev_expected(page: str, gold: dict) -> dict:
    """What the page shows for each field: the minute only where the page prints a time; a 文号 only
    where the page prints one (a line of its own at the top of the body counts)."""
    when = datetime.strptime(gold["published"], "%Y-%m-%d %H:%M").replace(tzinfo=CST)
    utc = when.astimezone(timezone.utc)
    around = _without_body(page, gold)
    shows_time = any(t in around for t in {when.strftime("%H:%M"), utc.strftime("T%H:%M"), utc.strftime("%I:%M %p")})
    want = {"title": gold["title"], "publisher": gold["source"],
            "published": when.strftime("%Y-%m-%d %H:%M") if shows_time else when.strftime("%Y-%m-%d"), "doc_no": ""}
    g_no = gold.get("doc_no") or ""
    if g_no and squash(g_no) in squash(html.unescape(page)):
        want["doc_no"] = g_no
    elif not g_no:
        lead = [p for p in gold["body"][:3] if DOC_NO.fullmatch(squash(p))]
        if lead:
            want["doc_no"] = squash(lead[0])
    return want


def dev_scores(corpus: Path) -> tuple[int, dict[str, float], float, float, list[str]]:
    gold = load_gold(corpus)
    cat = load_catalog()
    right = {f: 0 for f in DEV_FIELDS}
    f1s, misses = [], []
    for r in iter_responses(corpus / "dev" / "corpus.warc.gz"):
        if r.status != 200 or page_kind(r.url, r.content_type, cat) != "article" or r.url not in gold:
            continue
        g = gold[r.url]
        want = dev_expected(decode_html(r.body, r.content_type).text, g)
        a = extract_page(r.body, r.url, r.content_type, catalog=cat)
        if isinstance(a, ExtractError):
            f1s.append(0.0)
            misses.append(f"{r.url}: {a.reason}")
            continue
        shown = "" if a.published is None else a.published.strftime(
            "%Y-%m-%d" if a.published_precision == "day" else "%Y-%m-%d %H:%M")
        got = {"title": a.title, "publisher": a.publisher, "doc_no": a.doc_no, "published": shown}
        for f in DEV_FIELDS:
            right[f] += got[f] == want[f]
            if got[f] != want[f]:
                misses.append(f"{r.url}: {f} got {got[f]!r} want {want[f]!r}")
        f1s.append(char_f1("".join(a.body), "".join(g["body"])))
    n = len(f1s)
    return n, {f: right[f] / n for f in DEV_FIELDS}, statistics.mean(f1s), min(f1s), misses


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--real", type=Path, default=REAL)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--misses", action="store_true", help="list every field ribao gets wrong on the real pages")
    ap.add_argument("--pages", action="store_true", help="print every real page's scores")
    ap.add_argument("--set", choices=("dev", *DEV_SETS, *MORE, *HELD_OUT, "every"), default="dev",
                    help="which folders of the real set: dev (official + media, the default), one folder, "
                         "or every folder; more, extra, holdout2-39 are developed on too; a folder in HELD_OUT "
                         "is measured once, before any rule is fitted to it")
    args = ap.parse_args()
    ok = True
    sets = {"dev": DEV_SETS, "every": (*DEV_SETS, *MORE, *HELD_OUT)}.get(args.set, (args.set,))
    labels = load_labels(args.real, sets=sets)
    if labels:
        rows = real_rows(labels)
        if "trafilatura" not in rows[0].got:
            print("trafilatura is not installed (pip install '.[bench]'): its column is left out")
        if "gne" not in rows[0].got:
            print("GNE is not installed (pip install -e '.[bench]'): its column is left out")
        ok = print_real(rows, args.misses)
        if args.pages:
            for r in rows:
                print(json.dumps({"id": r.label.id, **r.scores}, ensure_ascii=False))
    else:
        print(f"no labelled real pages under {args.real}")
    if (args.corpus / "dev" / "corpus.warc.gz").exists():
        n, acc, mean_f1, min_f1, misses = dev_scores(args.corpus)
        print(f"\ndev capture: {n} article pages")
        print("  " + "  ".join(f"{f} {v:.2f}" for f, v in acc.items()) + f"  body F1 mean {mean_f1:.4f} min {min_f1:.4f}")
        for m in misses:
            print(f"    {m}")
        ok = ok and all(v == 1.0 for v in acc.values()) and min_f1 >= 0.9 and mean_f1 >= 0.98
    print(f"\ntargets: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
