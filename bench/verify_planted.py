"""Planted errors: does the verifier catch wrong facts without flagging true ones?

    python bench/verify_planted.py [SEED]

Builds the extractive bulletins of every dev-corpus date (../shared) and of the bundled sample,
then mutates their cited sentences — a number, a date, a 《title》, a 文号, an organisation, the
organisation an attribution lead credits (据X消息, X报道称…: swapped, or a wrong lead put in
front), a polarity or comparison word (不低于 → 不高于, 增长 → 下降…) — and checks each mutant
against its citations. Prints the catch rate per mutation kind and the false-alarm rate on
unchanged sentences and on meaning-preserving rewrites (aliases, units).
"""
from __future__ import annotations

import json
import random
import re
import sys
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

from ribao.analyze.select import select_day
from ribao.ingest import ingest_warc
from ribao.catalog import load_catalog
from ribao.compose.extractive import write_bulletin
from ribao.text import DOC_NO
from ribao.lines import load_line
from ribao.pipeline import bundled_sample
from ribao.settings import Settings
from ribao.store import Store
from ribao.verify import SourceText, _DATE, _TITLE, check_sentence, org_mentions, organisations
from ribao.verify.polarity import POLARITY, lead_name

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
rnd = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 20261124)


def bulletins():
    """(bulletin, url → SourceText) for each date, extractive writer, before enforcement."""
    line, cat = load_line("xinzhi"), load_catalog()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(tmp).ensure()
        store = Store(settings.database_url)
        jobs = [(bundled_sample().warc, [bundled_sample().date])]
        if DEV.exists():
            jobs.append((DEV / "corpus.warc.gz", [date.fromisoformat(d) for d in
                                                  sorted(json.loads((DEV / "gold.json").read_text()))]))
        for warc, days in jobs:
            ingest_warc(store, settings, warc, catalog=cat)
            for day in days:
                sel = select_day(store, line, day, catalog=cat)
                b = write_bulletin(sel, catalog=cat)
                yield b, {a.url: SourceText.of(a) for a in sel.cited_articles()}
        store.close()


def mutate_number(t):
    nums = list(re.finditer(r"\d+(?:\.\d+)?", t))
    nums = [m for m in nums if not re.match(r"(?:19|20)\d\d$", m.group(0))] or nums
    if not nums:
        return None
    m = rnd.choice(nums)
    s = m.group(0)
    i = rnd.randrange(len(s))
    while not s[i].isdigit():
        i = rnd.randrange(len(s))
    new = s[:i] + str((int(s[i]) + rnd.randint(1, 8)) % 10) + s[i + 1:]
    if new.lstrip("0") == "" or new == s:
        return None
    return t[:m.start()] + new + t[m.end():]


def mutate_date(t):
    m = _DATE.search(t)
    if not m:
        return None
    day = int(m.group(3))
    new_day = day + rnd.choice([-3, -2, -1, 1, 2]) if day > 3 else day + rnd.randint(1, 5)
    return t[:m.start(3)] + str(new_day) + t[m.end(3):]


def mutate_title(t):
    m = _TITLE.search(t)
    if not m:
        return None
    name = m.group(1)
    swaps = [("关于", "有关"), ("推动", "推进"), ("加快", "加速"), ("管理", "治理"), ("建设", "发展"), ("意见", "方案"),
             ("通知", "意见"), ("试行", "暂行"), ("数据", "信息"), ("能源", "电力")]
    for a, b in rnd.sample(swaps, len(swaps)):
        if a in name:
            return t.replace(name, name.replace(a, b, 1), 1)
    return t.replace(name, name[:-1] + "等" + name[-1:], 1)


def mutate_docno(t):
    m = DOC_NO.search(t)
    if not m:
        return None
    no = m.group(0)
    digits = re.search(r"(\d+)号$", no)
    return t.replace(no, no[:digits.start(1)] + str(int(digits.group(1)) + rnd.randint(1, 9)) + "号", 1)


def mutate_org(t, src_text):
    mentions = org_mentions(t)
    if not mentions:
        return None
    name, group = rnd.choice(mentions)
    others = [n for n, g in organisations() if g != group and not any(x in src_text for x in g) and len(n) >= 3]
    return t.replace(name, rnd.choice(others), 1) if others else None


# departments and offices a lead could wrongly credit: names the alias table does not know
DEPARTMENTS = ["数据要素处", "装备工业一司", "电力安全监管司", "规划司", "科技司", "政策法规司", "综合司", "信息化推进处",
               "能源节约和科技装备司", "产业发展促进中心"]


def mutate_attribution(t, src_text):
    """Credit the sentence to an organisation its sources neither are nor name."""
    wrong = [n for n in DEPARTMENTS if n not in src_text] + \
        [n for n, g in organisations() if len(n) >= 3 and not any(x in src_text for x in g)]
    if not wrong:
        return None
    name = rnd.choice(wrong)
    who = lead_name(t)
    if who and who in t:
        return t.replace(who, name, 1)
    m = re.match(r"^(?:据[^，]{2,30}?消息，)?", t)
    return f"据{name}{rnd.randint(1, 12)}月{rnd.randint(1, 28)}日消息，{t[m.end():]}"


FLIPS = {"不低于": "不高于", "不高于": "不低于", "不少于": "不多于", "不超过": "不少于", "以上": "以下", "以下": "以上",
         "超过": "低于", "低于": "超过", "高于": "低于", "增长": "下降", "下降": "增长", "提高": "降低", "降低": "提高",
         "上升": "下降", "增加": "减少", "减少": "增加", "扩大": "缩小", "提升": "下降", "至少": "至多"}


def mutate_polarity(t):
    found = [m for m in POLARITY.finditer(t) if m.group(0) in FLIPS]
    if not found:
        return None
    m = rnd.choice(found)
    return t[:m.start()] + FLIPS[m.group(0)] + t[m.end():]


ALIASES = [("国家发展和改革委员会", "国家发展改革委"), ("工业和信息化部", "工信部"), ("国家发展改革委", "国家发展和改革委员会")]


def rewrite_equivalent(t):
    for a, b in ALIASES:
        if a in t:
            return t.replace(a, b, 1)
    m = re.search(r"(\d+(?:\.\d+)?)万千瓦(?!时)", t)
    if m:
        return t.replace(m.group(0), f"{float(m.group(1)) / 100:g}GW", 1)
    m = re.search(r"(?<![\d.])([1-9])(项|个|家)", t)
    if m:
        return t[:m.start(1)] + "一二三四五六七八九"[int(m.group(1)) - 1] + t[m.end(1):]
    return None


def main() -> int:
    caught, total = Counter(), Counter()
    unchanged = flagged = 0
    eq_total = eq_flagged = 0
    examples = []
    for b, by_url in bulletins():
        refs = {r.n: r.url for r in b.references}
        for sec in b.sections:
            for p in sec.paragraphs:
                for s in p.sentences:
                    srcs = [by_url[refs[c]] for c in s.cites if c in refs and refs[c] in by_url]
                    if not srcs:
                        continue
                    check = lambda text: check_sentence(text, srcs, role=p.role, bulletin_date=b.date)
                    unchanged += 1
                    if check(s.text):
                        flagged += 1
                        examples.append(("false alarm", s.text, check(s.text)))
                    src_text = "".join(x.text for x in srcs)
                    for kind, fn in (("number", mutate_number), ("date", mutate_date), ("title", mutate_title),
                                     ("doc_no", mutate_docno), ("organisation", lambda t: mutate_org(t, src_text)),
                                     ("attribution", lambda t: mutate_attribution(t, src_text)),
                                     ("polarity", mutate_polarity)):
                        mutant = fn(s.text)
                        if not mutant or mutant == s.text:
                            continue
                        total[kind] += 1
                        if check(mutant):
                            caught[kind] += 1
                        elif len(examples) < 12:
                            examples.append(("missed " + kind, mutant, []))
                    eq = rewrite_equivalent(s.text)
                    if eq:
                        eq_total += 1
                        if check(eq):
                            eq_flagged += 1
                            examples.append(("false alarm (rewrite)", eq, check(eq)))
    n_mut, n_caught = sum(total.values()), sum(caught.values())
    print(f"{'kind':14} {'mutants':>8} {'caught':>8} {'rate':>7}")
    for k in total:
        print(f"{k:14} {total[k]:8} {caught[k]:8} {caught[k] / total[k]:7.1%}")
    print(f"{'all':14} {n_mut:8} {n_caught:8} {n_caught / max(1, n_mut):7.1%}")
    print(f"false alarms: {flagged}/{unchanged} unchanged sentences ({flagged / max(1, unchanged):.1%}), "
          f"{eq_flagged}/{eq_total} meaning-preserving rewrites ({eq_flagged / max(1, eq_total):.1%})")
    for kind, text, probs in examples[:12]:
        print(f"  {kind}: {text[:90]} {[str(p) for p in probs][:2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
