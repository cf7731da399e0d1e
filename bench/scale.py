"""The daily step against a growing archive: time and peak memory at 10k, 100k and 1M articles.

    python bench/scale.py [--sizes 10000,100000,1000000] [--new 2000] [--workdir DIR]

For each size a synthetic archive is generated (Chinese-like text from a policy vocabulary,
documents with 文号 and names, reprints, reports and noise, spread over three years), stored
in SQLite through ribao's own schema, with 30 earlier bulletins. Then 2,000 new pages arrive
for the bulletin day — ~150 events (a primary, its reprints, interpretations and reports, some
naming archive documents) and noise — and a fresh process runs the daily step:
`select_day` (dedup, cluster, link to earlier bulletins, score, select, background lookup,
archive full-text search for each chosen story's context, the themes' 7/30-day history) and the
extractive writer. Each step runs in its own process so its peak RSS (ru_maxrss) is the step's alone.

Archive rows share one placeholder capture row: captures are not read by the daily step. The
archive's full-text index (``article_search``) is filled at generation time with the generator's
own word boundaries (the synthetic words are random strings: jieba would cut them arbitrarily, and
segmenting a million pages would dominate generation); the 2,000 new pages are indexed through
``store.search.ensure_index``, i.e. segmented by jieba as at ingest.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

DAY = date(2026, 7, 15)
CST = timezone(timedelta(hours=8))

CHARS = ("国家发展改革委能源局数据工业信息化部生态环境统计科技财政商务交通农业推进加快建设体系机制平台"
         "创新融合应用试点示范标准规范管理服务市场主体企业项目资金政策措施监测评估安全绿色低碳转型升级"
         "智能制造算力网络园区区域协同开放共享治理要素资源产权登记交易流通质量效率")
THEME = ["新型储能", "绿电直连", "虚拟电厂", "绿证", "算力调度", "智算中心", "数据要素", "公共数据", "数据产权",
         "高质量数据集", "智能工厂", "工业大模型", "工业互联网", "碳排放权", "碳足迹", "零碳园区", "未来产业"]
NOISE = ["理论学习中心组", "主题党日", "政府采购", "公开招聘", "秋粮", "暑期", "安全生产检查", "文化旅游", "防汛"]
ISSUERS = ["国家发展改革委", "国家能源局", "国家数据局", "工业和信息化部", "生态环境部", "国家统计局"]
SITES = [("ndrc", "https://www.ndrc.gov.cn/xxgk/zcfb/tz/"), ("nea", "https://www.nea.gov.cn/"),
         ("nda", "https://www.nda.gov.cn/sjj/zwgk/zcfb/"), ("miit", "https://www.miit.gov.cn/zwgk/zcwj/wjfb/"),
         ("mee", "https://www.mee.gov.cn/zcwj/"), ("stats", "https://www.stats.gov.cn/sj/zxfb/")]
MEDIA = [("xinhua", "http://www.news.cn/tech/", "新华社"), ("people", "http://finance.people.com.cn/n1/", "人民网"),
         ("cnenergy", "https://www.cnenergynews.cn/news/", "中国能源报")]


class Gen:
    """Deterministic text: sentences drawn from a pool built once (fast at a million pages)."""

    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.words = ["".join(self.r.choice(CHARS) for _ in range(self.r.choice((2, 2, 3, 4)))) for _ in range(3000)]
        self.pool = [self.sentence() for _ in range(6000)]

    def words_of(self, extra: list[str] = ()) -> list[str]:
        ws = [self.r.choice(self.words) for _ in range(self.r.randint(8, 16))] + list(extra)
        self.r.shuffle(ws)
        if self.r.random() < 0.5:
            ws.insert(self.r.randrange(len(ws)), f"{self.r.randint(2, 99)}.{self.r.randint(0, 9)}%")
        return ws

    segmented: dict[str, str] = {}

    def sentence(self, extra: list[str] = ()) -> str:
        ws = self.words_of(extra)
        text = "".join(ws) + "。"
        self.segmented[text] = " ".join(ws)
        return text

    def body(self, n: int, extra: list[str] = ()) -> list[str]:
        paras = ["".join(self.r.choice(self.pool) for _ in range(self.r.randint(2, 3))) for _ in range(n)]
        if extra:
            paras[0] = self.sentence(list(extra)) + paras[0]
        return paras


def _segmented(para: str, g: Gen, pool_words: dict[str, str]) -> str:
    """A generated paragraph as words: its sentences are the generator's (no segmenter needed)."""
    out = []
    for sent in para.split("。"):
        if sent:
            out.append(g.segmented.get(sent + "。") or pool_words.get(sent + "。", sent))
    return " ".join(out)


def _doc_title(g: Gen, issuer: str, theme: str) -> tuple[str, str]:
    name = f"关于{g.r.choice(g.words)}{theme}{g.r.choice(g.words)}的{g.r.choice(['通知', '实施意见', '指导意见'])}"
    return f"{issuer}{name}", name


def generate(db: Path, size: int, new: int, seed: int = 7) -> None:
    from ribao.models import Bulletin, Section
    from ribao.store import Store
    from ribao.store.repo import ChosenStory

    g = Gen(seed)
    store = Store(f"sqlite:///{db}")
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA synchronous=OFF")
    now = datetime(2026, 7, 15, 6, 30, tzinfo=CST).astimezone(timezone.utc).replace(tzinfo=None)
    conn.execute("INSERT INTO captures (url, fetched_at, status, content_type, headers, warc_file, warc_offset, "
                 "warc_length, payload_sha256, kind) VALUES ('synthetic', ?, 200, 'text/html', '[]', '-', 0, 0, "
                 "'0', 'article')", (now,))
    cap = conn.execute("SELECT id FROM captures").fetchone()[0]
    cols = ("capture_id, url, fetched_at, title, published, published_precision, publisher, site, site_name, "
            "\"column\", author, doc_no, doc_type, language, canonical_url, body, attachments, body_sha256, doc_name")
    sql = f"INSERT INTO articles ({cols}) VALUES ({','.join('?' * 19)})"
    span = 3 * 365 * 24 * 3600
    start = now - timedelta(days=4) - timedelta(seconds=span)
    archive_docs: list[tuple[str, str, str]] = []   # (url, doc name, 文号) the new pages may name
    rows = []
    fts: list[tuple[int, str]] = []
    pool_words = {t: g.segmented[t] for t in g.pool}
    for i in range(size):
        when = start + timedelta(seconds=int(i * span / size))
        site, base = SITES[i % len(SITES)]
        issuer = ISSUERS[i % len(ISSUERS)]
        if i % 5 == 0:
            theme = g.r.choice(THEME)
            title, name = _doc_title(g, issuer, theme)
            no = f"发改{g.r.choice(['能源', '数据', '环资'])}〔{when.year}〕{i % 997 + 1}号"
            body = g.body(6, [theme])
            if len(archive_docs) < 50_000:
                archive_docs.append((f"{base}a{i}.html", name, no))
        else:
            theme = g.r.choice(THEME + NOISE)
            title, name, no = f"{issuer}{g.r.choice(g.words)}{theme}{g.r.choice(g.words)}工作", "", ""
            body = g.body(3)
        rows.append((cap, f"{base}a{i}.html", when, title, when, "minute", issuer, site, issuer, "", "", no,
                     "通知" if no else "新闻稿", "zh", "", json.dumps(body, ensure_ascii=False), "[]", "", name))
        fts.append((i + 1, title + " " + " ".join(_segmented(p, g, pool_words) for p in body)))
        if len(rows) == 20_000:
            conn.executemany(sql, rows)
            conn.executemany("INSERT INTO article_search (rowid, words) VALUES (?, ?)", fts)
            rows.clear()
            fts.clear()
    today = now
    r = g.r
    n_events = new * 3 // 40
    made = 0
    for e in range(n_events):
        issuer = ISSUERS[e % len(ISSUERS)]
        site, base = SITES[e % len(SITES)]
        theme = r.choice(THEME)
        title, name = _doc_title(g, issuer, theme)
        no = f"{site}发〔2026〕{e + 1}号"
        cites = r.sample(archive_docs, 1) if archive_docs and r.random() < 0.5 else []
        extra = [theme, f"《{name}》"] + [f"《{c[1]}》" for c in cites] + [f"{r.randint(100, 999)}.{r.randint(1, 9)}亿元"]
        body = g.body(8, extra)
        pub = today - timedelta(hours=r.randint(2, 40))
        rows.append((cap, f"{base}new{e}.html", today, title, pub, "minute", issuer, site, issuer, "", "", no, "通知",
                     "zh", "", json.dumps(body, ensure_ascii=False), "[]", "", name))
        made += 1
        for k in range(r.randint(0, 2)):        # reprints: the same text with small edits
            copy = list(body)
            copy[-1] = copy[-1][:-1] + r.choice(g.words) + "。"
            rows.append((cap, f"https://www.gov.cn/zhengce/new{e}_{k}.htm", today, title, pub + timedelta(hours=2),
                         "minute", f"{issuer}网站", "govcn", "中国政府网", "", "", no, "通知", "zh", "",
                         json.dumps(copy, ensure_ascii=False), "[]", "", name))
            made += 1
        for k in range(r.randint(1, 3)):        # reports naming the document
            ms, mbase, mpub = MEDIA[k % len(MEDIA)]
            rbody = g.body(4, [theme, f"《{name}》", extra[-1]])
            rows.append((cap, f"{mbase}new{e}_{k}.html", today, f"{issuer}{theme}{r.choice(g.words)}", pub,
                         "minute", mpub, ms, mpub, "", "", "", "报道", "zh", "", json.dumps(rbody, ensure_ascii=False),
                         "[]", "", ""))
            made += 1
    for k in range(max(0, new - made)):         # noise
        site, base = SITES[k % len(SITES)]
        rows.append((cap, f"{base}noise{k}.html", today, f"{r.choice(ISSUERS)}{r.choice(NOISE)}{r.choice(g.words)}",
                     today - timedelta(hours=r.randint(2, 40)), "minute", ISSUERS[k % len(ISSUERS)], site, "", "", "",
                     "", "新闻稿", "zh", "", json.dumps(g.body(3), ensure_ascii=False), "[]", "", ""))
    conn.executemany(sql, rows)
    conn.executemany("INSERT INTO article_search (rowid, words) VALUES (?, ?)", fts)
    conn.commit()
    conn.close()
    from ribao.store import search

    search.ensure_index(store)                  # the new pages, segmented by jieba as at ingest
    for d in range(1, 31):                      # 30 earlier bulletins for the continuation lookups
        day = DAY - timedelta(days=d)
        urls = [doc[0] for doc in g.r.sample(archive_docs, min(6, len(archive_docs)))]
        store.save_bulletin(Bulletin(line="xinzhi", date=day, title="t", sections=[
            Section(number=i + 1, headline=f"h{i}", story_id=f"s{d}-{i}") for i in range(len(urls))]),
            [ChosenStory(date=day.isoformat(), story_key=f"s{d}-{i}", headline=f"h{i}", theme="", article_urls=[u])
             for i, u in enumerate(urls)])
    store.close()


def step(db: Path) -> dict:
    from ribao.analyze.select import select_day
    from ribao.lines import load_line
    from ribao.store import Store

    from ribao.compose.extractive import write_bulletin

    store = Store(f"sqlite:///{db}")
    start = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = start.ru_utime + start.ru_stime
    t0 = time.perf_counter()
    sel = select_day(store, load_line("xinzhi"), DAY)
    bulletin = write_bulletin(sel)
    dt = time.perf_counter() - t0
    pool = sum(len(s.members) + sum(len(m.reprints) for m in s.members) for s in sel.stories)
    use = resource.getrusage(resource.RUSAGE_SELF)
    return {"seconds": dt, "cpu_s": use.ru_utime + use.ru_stime - cpu0, "peak_mb": use.ru_maxrss / 1024,
            "pages": pool, "stories": len(sel.stories), "chosen": len(sel.chosen),
            "merged_reprints": sum(len(m.reprints) for s in sel.stories for m in s.members),
            "background": sum(len(s.background) for s in sel.chosen),
            "context": sum(len(s.context) for s in sel.chosen), "sections": len(bulletin.sections)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--new", type=int, default=2000)
    ap.add_argument("--workdir", default="/tmp/ribao-scale")
    ap.add_argument("--_generate", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--_step", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a._generate:
        generate(Path(a._generate[0]), int(a._generate[1]), a.new)
        return
    if a._step:
        print(json.dumps(step(Path(a._step))))
        return
    work = Path(a.workdir)
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for size in (int(x) for x in a.sizes.split(",")):
        db = work / f"archive-{size}.db"
        if not db.exists():
            t0 = time.perf_counter()
            subprocess.run([sys.executable, __file__, "--new", str(a.new), "--_generate", str(db), str(size)],
                           check=True)
            print(f"generated {size:,} archive + {a.new:,} new pages in {time.perf_counter() - t0:.0f}s", flush=True)
        out = subprocess.run([sys.executable, __file__, "--_step", str(db)], check=True, capture_output=True, text=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append((size, r))
        print(f"archive {size:>9,}: daily step {r['seconds']:6.2f}s ({r.get('cpu_s', 0):.2f}s CPU), "
              f"peak RSS {r['peak_mb']:7.0f} MB  "
              f"({r['pages']} new pages, {r['merged_reprints']} reprints merged, {r['stories']} stories, "
              f"{r['chosen']} chosen, {r['background']} background, {r['context']} context from the archive search, "
              f"{r['sections']} sections written)", flush=True)
    for (s0, r0), (s1, r1) in zip(results, results[1:]):
        print(f"{s0:,} → {s1:,} ({s1 / s0:.0f}× archive): time ×{r1['seconds'] / r0['seconds']:.2f}, "
              f"memory ×{r1['peak_mb'] / r0['peak_mb']:.2f}")


if __name__ == "__main__":
    main()
