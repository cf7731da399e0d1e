"""Publication speed: seconds per format for a 6-section bulletin, and archive-site build times.

    python bench/render.py [--sizes 100,1000] [--repeat 3]

1. Formats: the bundled sample is ingested and built into a temporary home (its bulletin has six
   sections); each renderer is then timed on that Bulletin, best and median of ``--repeat`` runs.
   Also timed: the one-time cut of the common CJK face (GB 2312 characters, cached per machine),
   the first PDF of a process, and a PDF with characters outside GB 2312 (a face cut for it).
   Target: PDF < 3 s.
2. Site: synthetic archives of N bulletins, one a day, each a copy of the sample's bulletin whose
   references point at N×refs distinct stored captures (rows copied from the sample's, so every
   archived copy and WARC record is real). Timed: the first (full) build, a rebuild with nothing
   new, the incremental add of one more day, and the first day of a new month (the earlier
   month's search moves into its year's bundle). Target: incremental add < 5 s at 1,000.
   Wall and CPU seconds are both printed: on a shared machine the wall clock includes others' work.
"""
from __future__ import annotations

import argparse
import hashlib
import resource
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from ribao.ingest import ingest_warc  # noqa: E402
from ribao.models import Bulletin  # noqa: E402
from ribao.pipeline import build, bundled_sample  # noqa: E402
from ribao.render import fonts, render_docx, render_html, render_markdown, render_pdf, render_wechat  # noqa: E402
from ribao.settings import Settings  # noqa: E402
from ribao.site import build_site  # noqa: E402
from ribao.store import Store  # noqa: E402
from ribao.store.schema import ArticleRow, CaptureRow  # noqa: E402


def cpu() -> float:
    """CPU seconds of this process and its finished children (Pagefind): on a shared machine the
    wall clock also counts other people's work."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def run(fn):
    """(result, wall seconds, CPU seconds)."""
    w, c = time.perf_counter(), cpu()
    res = fn()
    return res, time.perf_counter() - w, cpu() - c


def sample_home(root: Path) -> tuple[Store, Settings, Bulletin]:
    settings = Settings(home=root, database_url=f"sqlite:///{root / 'ribao.db'}").ensure()
    store = Store(settings.database_url)
    sample = bundled_sample()
    ingest_warc(store, settings, sample.warc)
    res = build(store, settings, sample.date, line_name=sample.line, sample=True)
    return store, settings, res.bulletin


def bench_formats(b: Bulletin, out: Path, repeat: int) -> None:
    print(f"formats — the sample's bulletin: {len(b.sections)} sections, {len(b.references)} references")
    for cached in [*fonts._cache_dir().glob("subset-*.otf"), *fonts._cache_dir().glob("common-*.otf")]:
        cached.unlink()      # cold: the cached faces are made again
    _, once, once_cpu = run(fonts.common_face)
    _, cold, cold_cpu = run(lambda: render_pdf(b, out / "cold.pdf"))
    jobs = {
        "markdown": lambda: render_markdown(b),
        "html": lambda: render_html(b),
        "wechat": lambda: render_wechat(b),
        "docx": lambda: render_docx(b, out / "b.docx"),
        "pdf": lambda: render_pdf(b, out / "b.pdf"),
    }
    for name, fn in jobs.items():
        runs = [run(fn)[1:] for _ in range(repeat)]
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        print(f"  {name:9} wall best {min(walls):7.3f} s  median {statistics.median(walls):7.3f} s   "
              f"CPU best {min(cpus):7.3f} s")
    print(f"  pdf first wall {cold:7.3f} s   CPU {cold_cpu:7.3f} s   (the first PDF of this process)")
    print(f"  once per machine: the common CJK face (GB 2312) cut and cached: wall {once:.1f} s, CPU {once_cpu:.1f} s")
    rare = b.model_copy(update={"abstract": b.abstract + "（堃、喆、珺：GB 2312 以外的字）"})
    _, w_rare, c_rare = run(lambda: render_pdf(rare, out / "rare.pdf"))
    print(f"  pdf with characters outside GB 2312 (face cut for the document): wall {w_rare:.3f} s, CPU {c_rare:.3f} s")
    print(f"  sizes: pdf {(out / 'b.pdf').stat().st_size // 1024} KiB, docx {(out / 'b.docx').stat().st_size // 1024} KiB, "
          f"wechat {len(render_wechat(b).content)} characters")


def synthetic_archive(store: Store, template: Bulletin, n: int) -> list[Bulletin]:
    """N bulletins on consecutive days; every reference a distinct stored capture + article."""
    urls = [r.url for r in template.references]
    with store.session() as s, s.begin():
        arts = {a.url: a for a in s.query(ArticleRow).filter(ArticleRow.url.in_(urls))}
        caps = {c.id: c for c in s.query(CaptureRow).filter(CaptureRow.id.in_([a.capture_id for a in arts.values()]))}
        out = []
        for i in range(n):
            day = template.date - timedelta(days=n - i)
            refs = []
            for r in template.references:
                a, c = arts[r.url], caps[arts[r.url].capture_id]
                url = f"{r.url}?day={day.isoformat()}"
                cap = CaptureRow(url=url, fetched_at=c.fetched_at, status=c.status, content_type=c.content_type,
                                 headers=c.headers, warc_file=c.warc_file, warc_offset=c.warc_offset,
                                 warc_length=c.warc_length, kind=c.kind,
                                 payload_sha256=hashlib.sha256(f"{c.payload_sha256}{day}".encode()).hexdigest())
                s.add(cap)
                s.flush()
                s.add(ArticleRow(capture_id=cap.id, url=url, fetched_at=a.fetched_at, title=a.title, published=a.published,
                                 published_precision=a.published_precision, publisher=a.publisher, site=a.site,
                                 site_name=a.site_name, column=a.column, author=a.author, doc_no=a.doc_no,
                                 doc_type=a.doc_type, language=a.language, canonical_url=a.canonical_url, body=a.body,
                                 attachments=a.attachments, body_sha256=a.body_sha256, doc_name=a.doc_name))
                refs.append(r.model_copy(update={"url": url}))
            out.append(template.model_copy(update={"date": day, "references": refs}))
    return out


def bench_site(root: Path, template: Bulletin, n: int) -> None:
    settings = Settings(home=root, database_url=f"sqlite:///{root / 'ribao.db'}").ensure()
    store = Store(settings.database_url)
    ingest_warc(store, settings, bundled_sample().warc)
    days = synthetic_archive(store, template, n + 1)
    for b in days[:n]:
        store.save_bulletin(b, [])
    out = root / "site"
    site = lambda: build_site(store, settings, template.line, out=out)   # noqa: E731
    full, w_full, c_full = run(site)
    same, w_same, c_same = run(site)
    store.save_bulletin(days[n], [])
    inc, w_inc, c_inc = run(site)
    roll_day = days[n].model_copy(update={"date": (days[n].date.replace(day=1) + timedelta(days=32)).replace(day=1)})
    store.save_bulletin(roll_day, [])
    roll, w_roll, c_roll = run(site)
    files = sum(1 for _ in out.rglob("*") if _.is_file())
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 2**20
    print(f"site — {n} bulletins, {full.archived_copies} archived copies: {files} files, {size:.0f} MiB")
    print(f"  full build     {w_full:7.2f} s wall  {c_full:7.2f} s CPU  ({full.pages_written} files written)")
    print(f"  nothing new    {w_same:7.2f} s wall  {c_same:7.2f} s CPU  ({same.pages_written} written, {same.pages_skipped} unchanged)")
    print(f"  add one day    {w_inc:7.2f} s wall  {c_inc:7.2f} s CPU  ({inc.pages_written} written, {inc.pages_skipped} "
          f"unchanged, search re-indexed: {', '.join(inc.search_reindexed)})")
    print(f"  new month      {w_roll:7.2f} s wall  {c_roll:7.2f} s CPU  (the first day of a month: search re-indexed "
          f"{', '.join(roll.search_reindexed)})")
    assert not (full.problems or inc.problems or roll.problems), full.problems + inc.problems + roll.problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,1000")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="ribao-bench-render-") as tmp:
        tmp = Path(tmp)
        _, _, b = sample_home(tmp / "sample")
        bench_formats(b, tmp, args.repeat)
        for n in [int(x) for x in args.sizes.split(",") if x]:
            bench_site(tmp / f"site-{n}", b, n)
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB; load average "
          f"{' '.join(f'{x:.1f}' for x in __import__('os').getloadavg())} on {__import__('os').cpu_count()} CPUs")


if __name__ == "__main__":
    main()
