"""A fictional six-item day for the editorial tests, written for ribao (not taken from any source).

2026-11-12, three weeks after the one-event day of ``editorial_day`` (build that day first: the
storage item here develops its notice). Five Chinese items of the last 48 hours on five lines
of work — two of them from the same issuer on the same day — and, as the sixth, a foreign
report six days old, kept for international context by its tier's window. Two noise items.
Every name, figure and document here is invented.
"""
from __future__ import annotations

from datetime import date, datetime

from editorial_day import NAME as STORAGE_NOTICE
from editorial_day import put

from ribao.models import Article
from ribao.store import Store
from ribao.timeutil import CST

DAY = date(2026, 11, 12)
FETCHED = datetime(2026, 11, 12, 5, 0, tzinfo=CST)
GUIDE_NAME = "数据流通交易合规指引（试行）"


def _at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=CST)


COMPLIANCE = Article(
    url="https://www.nda.gov.cn/sjj/zwgk/zcfb/1111/20261111100000000001.html", site="nda", site_name="国家数据局",
    publisher="国家数据局", title=f"国家数据局关于印发《{GUIDE_NAME}》的通知", doc_type="通知",
    doc_no="国数政策〔2026〕58号", published=_at(11, 10),
    body=["各省、自治区、直辖市数据管理部门：",
          f"现将《{GUIDE_NAME}》印发给你们，请结合实际认真贯彻落实。",
          "到2028年底，数据交易场所全面建立合规审查制度，场内交易的数据产品合规审查覆盖率达到100%。",
          "首次明确数据产品上架交易前须完成来源合规、内容合规和用途合规三项审查。",
          "数据交易场所应当在受理挂牌申请后15个工作日内完成合规审查，并公开审查结论。"])

COMPLIANCE_REPORT = Article(
    url="http://finance.people.com.cn/n1/2026/1111/c1004-90000011.html", site="people", site_name="人民网",
    publisher="人民网", title="数据产品上架前须过“三关” 合规审查覆盖率2028年达100%", published=_at(11, 19),
    body=[f"国家数据局11月11日印发《{GUIDE_NAME}》，对数据产品挂牌交易的合规审查作出规定。",
          "据了解，目前全国已设立数据交易场所48家，今年前10个月场内交易额超过1600亿元。",
          "一位数据交易所负责人表示，统一的审查标准将减少企业在不同场所重复提交材料。"])

PILOT_CITIES = Article(
    url="https://www.nda.gov.cn/sjj/swdt/sjdt/1111/20261111150000000002.html", site="nda", site_name="国家数据局",
    publisher="国家数据局", title="国家数据局公布首批国家数据基础设施建设试点城市名单", doc_type="新闻稿",
    published=_at(11, 15),
    body=["11月11日，国家数据局公布首批国家数据基础设施建设试点城市名单，共确定试点城市16个。",
          "试点城市将重点建设数据流通利用基础设施，探索数据空间、隐私计算平台和数据标注基地的互联互通。",
          "试点期为2026年11月至2028年12月，国家数据局将对试点城市开展年度评估。"])

STORAGE_RULES = Article(
    url="http://nyj.shandong.gov.cn/art/2026/11/11/art_100_200001.html", site="sdnyj", site_name="山东省能源局",
    publisher="山东省能源局", title=f"山东省能源局关于贯彻落实《{STORAGE_NOTICE}》的实施细则", doc_type="通知",
    doc_no="鲁能源电力〔2026〕61号", published=_at(11, 9),
    body=[f"为贯彻落实国家能源局《{STORAGE_NOTICE}》，结合我省实际，制定本实施细则。",
          "自2027年1月1日起，省内独立储能电站全部参与电力现货市场，容量补偿标准按煤电容量电价的50%执行。",
          "到2027年底，全省新型储能装机规模达到1500万千瓦以上，用户侧储能聚合调节能力达到200万千瓦。",
          "鼓励济南、青岛、烟台等地的工业园区统一配建共享储能，由负荷聚合商统一参与市场。"])

CARBON = Article(
    url="https://www.mee.gov.cn/ywdt/xwfb/202611/t20261111_9000001.shtml", site="mee", site_name="生态环境部",
    publisher="生态环境部", title="生态环境部通报全国碳排放权交易市场扩围工作进展", doc_type="新闻稿",
    published=_at(11, 16),
    body=["11月11日，生态环境部通报全国碳排放权交易市场扩围工作进展。",
          "截至10月底，化工、石化两个行业共有1180家重点排放单位完成首次排放报告报送，报送率达到98.6%。",
          "生态环境部将于2027年一季度发布化工、石化行业配额总量和分配方案，推动两个行业于2027年纳入全国碳市场。"])

CARBON_REPORT = Article(
    url="https://www.cnenergynews.cn/news/2026/11/11/detail_20261111000021.html", site="cnenergy",
    site_name="中国能源新闻网", publisher="中国能源报", title="碳市场扩围再进一步 化工石化企业加快碳资产管理布局",
    published=_at(11, 21),
    body=["生态环境部11月11日通报，化工、石化两个行业共有1180家重点排放单位完成首次排放报告报送。",
          "多家石化企业已设立碳资产管理部门，提前开展配额模拟测算和减排项目储备。",
          "业内人士认为，扩围将使全国碳市场覆盖的年排放量增加约12亿吨，碳价发现功能有望进一步增强。"])

OUTPUT = Article(
    url="https://www.stats.gov.cn/sj/zxfb/202611/t20261111_3300001.html", site="stats", site_name="国家统计局",
    publisher="国家统计局", title="2026年10月份规模以上工业增加值增长6.1%", doc_type="新闻稿", published=_at(11, 10),
    body=["10月份，规模以上工业增加值同比实际增长6.1%，其中高技术制造业增加值增长10.4%。",
          "分产品看，工业机器人产量同比增长31.2%，集成电路产量增长19.5%，新能源汽车产量增长24.8%。",
          "1—10月份，装备制造业增加值同比增长9.6%，占规模以上工业增加值的比重为35.1%。"])

FOREIGN = Article(
    url="https://www.reuters.com/technology/chinese-cloud-firms-lock-in-wind-solar-2026-11-06/", site="reuters",
    site_name="Reuters", publisher="Reuters", language="en",
    title="Chinese cloud firms lock in wind and solar supply for western data centre clusters",
    published=datetime(2026, 11, 6, 9, 0, tzinfo=CST),
    body=["SHANGHAI, Nov 6 (Reuters) - Chinese cloud providers have signed long-term wind and solar supply "
          "contracts covering about 6.5 gigawatts for data centre clusters in the country's west, industry "
          "officials said on Friday.",
          "The contracts, most of them running for ten years, would supply about 18 billion kilowatt-hours of "
          "green power a year to computing hubs in Ningxia, Gansu and Inner Mongolia.",
          "Analysts said the deals reflect tighter green electricity requirements for new data centres in the "
          "national computing hubs."])

NOISE = [
    Article(url="https://www.nda.gov.cn/sjj/swdt/sjdt/1111/20261111090000000003.html", site="nda", site_name="国家数据局",
            publisher="国家数据局", title="国家数据局召开主题党日活动", doc_type="新闻稿", published=_at(11, 9),
            body=["11月11日，国家数据局机关党委组织开展主题党日活动，学习数据工作相关论述。"]),
    Article(url="https://www.stats.gov.cn/xw/tjxw/202611/t20261111_3300002.html", site="stats", site_name="国家统计局",
            publisher="国家统计局", title="国家统计局2027年度公开招聘工作人员公告", doc_type="公告", published=_at(11, 8),
            body=["根据工作需要，国家统计局2027年度面向社会公开招聘工作人员18名。"]),
]

DAY_ARTICLES = [COMPLIANCE, COMPLIANCE_REPORT, PILOT_CITIES, STORAGE_RULES, CARBON, CARBON_REPORT, OUTPUT, *NOISE]


def fill(store: Store) -> None:
    """The foreign report as fetched six days earlier, then the day's capture."""
    put(store, [FOREIGN], datetime(2026, 11, 6, 10, 0, tzinfo=CST))
    put(store, DAY_ARTICLES, FETCHED)
