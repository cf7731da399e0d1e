"""A fictional one-event day for the editorial tests, written for ribao (not taken from any source).

2026-10-19: a notice on new-type storage in the power market, its 答记者问, the issuing
department's own 解读, and three media reports (trade press, two central outlets). In the
archive: the line's long-term frame (a five-year plan for the energy system), an earlier action
plan and a pilot report on the same measure; a party-study item that must never be context.
A foreign report six days old. Every name, figure and document here is invented.
"""
from __future__ import annotations

import hashlib
from datetime import date, datetime

from ribao.models import Article
from ribao.store import Store
from ribao.store.repo import NewCapture
from ribao.timeutil import CST

DAY = date(2026, 10, 20)
FETCHED = datetime(2026, 10, 20, 5, 0, tzinfo=CST)
NAME = "关于完善新型储能参与电力市场机制的通知"

NOTICE = Article(
    url="https://www.nea.gov.cn/20261019/aa11/c.html", site="nea", site_name="国家能源局", publisher="国家能源局",
    title=f"国家能源局{NAME}", doc_type="通知", doc_no="国能发法改〔2026〕88号",
    published=datetime(2026, 10, 19, 10, 0, tzinfo=CST),
    body=["各省（自治区、直辖市）能源局，有关电力企业：",
          "为推动新型储能由“建起来”向“用得好”转变，现就完善新型储能参与电力市场机制有关事项通知如下。",
          "到2027年底，新型储能全面参与电力现货市场和辅助服务市场，独立储能电站年均等效充放电次数不低于300次。",
          "首次明确独立储能电站可同时参与电能量市场和调频辅助服务市场，按实际贡献获得收益。",
          "各地要建立新型储能容量补偿机制，补偿标准按当地煤电容量电价的50%确定。",
          "工业园区和出口型制造企业配建的用户侧储能，可由负荷聚合商聚合后参与需求响应和现货交易。",
          "本通知自2026年12月1日起施行，有效期3年。"])

QA = Article(
    url="https://www.nea.gov.cn/20261019/aa12/c.html", site="nea", site_name="国家能源局", publisher="国家能源局",
    title=f"国家能源局有关负责同志就《{NAME}》答记者问", doc_type="答记者问",
    published=datetime(2026, 10, 19, 11, 0, tzinfo=CST),
    body=["问：出台《通知》的背景是什么？",
          "答：截至2026年9月底，全国新型储能装机规模达1.9亿千瓦，但部分地区新型储能利用率偏低，"
          "主要原因是市场机制不健全、收益渠道单一。",
          "问：《通知》在机制上有哪些调整？",
          "答：《通知》将新型储能的调用方式由调度指令为主调整为市场价格信号为主，通过现货价差和容量补偿两种方式回收成本。",
          "有关负责同志表示，新的机制旨在让储能的调节价值得到合理回报，有利于引导社会资本投向独立储能。"])

GUIDE = Article(
    url="https://www.nea.gov.cn/20261019/aa13/c.html", site="nea", site_name="国家能源局", publisher="法制和体制改革司",
    title=f"《{NAME}》政策解读", doc_type="解读", published=datetime(2026, 10, 19, 15, 0, tzinfo=CST),
    body=["容量补偿按煤电容量电价的一定比例核定，由省级价格主管部门会同能源主管部门按年度调整。",
          "之所以引入容量补偿，是为了解决储能电站“有容量、无收益”的问题，稳定项目全生命周期的收益预期。",
          "对用户侧储能，按照“谁受益、谁承担”的原则分摊调节成本，中小企业可通过聚合方式降低参与门槛。"])

REPORT = Article(
    url="https://www.cnenergynews.cn/news/2026/10/19/detail_20261019000001.html", site="cnenergy",
    site_name="中国能源新闻网", publisher="中国能源报",
    title="新型储能入市规则落地 独立储能电站收益模式更清晰", published=datetime(2026, 10, 19, 20, 0, tzinfo=CST),
    body=[f"国家能源局10月19日发布《{NAME}》，对新型储能参与电力市场作出系统安排。",
          "记者了解到，新规覆盖独立储能、电网侧储能和用户侧储能三类主体，涉及全国27个已开展现货试运行的省份。",
          "江苏一家储能企业负责人表示，容量补偿机制让项目收益测算更有把握，企业计划明年新增投资20亿元。",
          "业内专家认为，市场化机制有助于解决部分地区储能“建而不用”的问题。"])

REPORT2 = Article(
    url="http://finance.people.com.cn/n1/2026/1019/c1004-90000001.html", site="people", site_name="人民网",
    publisher="人民网", title="储能“入市”规则出台 园区企业可聚合参与现货交易",
    published=datetime(2026, 10, 19, 21, 0, tzinfo=CST),
    body=[f"《{NAME}》明确，工业园区和出口型制造企业配建的用户侧储能可通过负荷聚合商参与市场。",
          "据测算，长三角和珠三角地区已有用户侧储能项目约3200个，多数集中在电子、纺织和汽车零部件园区。",
          "一位园区运营方负责人说，聚合参与现货交易后，园区储能的利用率有望提高一倍以上。"])

REPORT3 = Article(
    url="http://www.news.cn/energy/20261019/5b1c0a2e9f6d4e7a8b3c1d2e3f4a5b6c/c.html", site="xinhua",
    site_name="新华网", publisher="新华网", title="新型储能参与电力市场迎来系统性安排",
    published=datetime(2026, 10, 19, 22, 0, tzinfo=CST),
    body=[f"国家能源局近日印发《{NAME}》，从市场准入、价格机制、容量补偿等方面作出安排。",
          "多家发电企业表示，将根据新规调整储能项目的运营策略，优先布局独立储能电站。",
          "专家指出，容量补偿与现货价差叠加，将显著改善独立储能电站的投资回报。"])

FRAME = Article(
    url="https://www.nea.gov.cn/20260320/bb00/c.html", site="nea", site_name="国家能源局", publisher="国家能源局",
    title="国家能源局关于印发《“十五五”新型电力系统建设规划》的通知", doc_type="通知",
    doc_no="国能发规划〔2026〕20号", published=datetime(2026, 3, 20, 10, 0, tzinfo=CST),
    body=["为加快构建新型电力系统，推动新型储能规模化发展，制定本规划。",
          "到2030年，新型储能装机规模达到3亿千瓦以上，新型储能参与电力市场的机制全面建立。",
          "推动新型储能通过电力现货市场、辅助服务市场和容量补偿机制获得合理收益。"])

PLAN = Article(
    url="https://www.nea.gov.cn/20251201/bb01/c.html", site="nea", site_name="国家能源局", publisher="国家能源局",
    title="国家能源局关于印发《新型储能高质量发展行动方案（2026—2028年）》的通知", doc_type="通知",
    doc_no="国能发科技〔2025〕71号", published=datetime(2025, 12, 1, 16, 0, tzinfo=CST),
    body=["为推动新型储能高质量发展，加快构建新型电力系统，制定本行动方案。",
          "到2028年，全国新型储能装机规模达到2亿千瓦以上，新型储能参与电力市场的机制基本健全。",
          "推动独立储能电站参与电力现货市场和辅助服务市场，探索建立容量补偿机制。"])

PILOT = Article(
    url="https://www.nea.gov.cn/20260915/bb02/c.html", site="nea", site_name="国家能源局", publisher="国家能源局",
    title="国家能源局通报新型储能参与电力市场试点进展", doc_type="新闻稿",
    published=datetime(2026, 9, 15, 15, 0, tzinfo=CST),
    body=["9月15日，国家能源局通报新型储能参与电力市场试点进展。",
          "试点地区独立储能电站平均等效利用小时数提高至820小时，新型储能参与现货市场的省份增至12个。",
          "下一步将总结试点经验，完善新型储能参与电力市场的价格机制和容量补偿机制。"])

NOISE = Article(
    url="https://www.nea.gov.cn/20261010/cc01/c.html", site="nea", site_name="国家能源局", publisher="国家能源局",
    title="国家能源局党组理论学习中心组开展专题学习", doc_type="新闻稿",
    published=datetime(2026, 10, 10, 9, 0, tzinfo=CST),
    body=["国家能源局党组理论学习中心组开展专题学习，研讨新型储能与电力市场改革工作。"])

FOREIGN = Article(
    url="https://www.reuters.com/business/energy/china-storage-market-rules-2026-10-14/", site="reuters",
    site_name="Reuters", publisher="Reuters", language="en",
    title="China's energy storage operators brace for market rules as capacity tops 190 GW",
    published=datetime(2026, 10, 14, 8, 0, tzinfo=CST),
    body=["BEIJING, Oct 14 (Reuters) - China's energy storage operators are preparing for new market rules, "
          "with installed new-type energy storage capacity above 190 GW, industry executives said.",
          "Operators said idle storage plants were the main problem, and that capacity payments would help "
          "renewable power projects pay back their energy storage investment."])

DAY_ARTICLES = [NOTICE, QA, GUIDE, REPORT, REPORT2, REPORT3]
MEMBERS = {"content": {NOTICE.url}, "scope": {REPORT.url, REPORT2.url, REPORT3.url}, "mechanism": {QA.url, GUIDE.url}}
ARCHIVE = [FRAME, PLAN, PILOT, NOISE]


def put(store: Store, articles: list[Article], fetched_at: datetime) -> None:
    """Store articles as ingest would (a capture row each, then the article: the search hook runs)."""
    with store.session() as s, s.begin():
        for a in articles:
            cap = store.add_capture(s, NewCapture(
                url=a.url, fetched_at=fetched_at, status=200, content_type="text/html", headers=[], warc_file="-",
                warc_offset=0, warc_length=0, payload_sha256=hashlib.sha256(a.model_dump_json().encode()).hexdigest(),
                kind="article"))
            store.upsert_article(s, cap, a)


def fill(store: Store, *, foreign: bool = True) -> None:
    put(store, ARCHIVE, datetime(2026, 9, 16, 8, 0, tzinfo=CST))
    if foreign:
        put(store, [FOREIGN], datetime(2026, 10, 14, 9, 0, tzinfo=CST))
    put(store, DAY_ARTICLES, FETCHED)
