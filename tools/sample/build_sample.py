#!/usr/bin/env python3
"""Render ribao's bundled sample capture.

    python tools/sample/build_sample.py

Reads tools/sample/sample_day.json (hand-written, fictional test data: one day of
ministry and media pages) and writes

    src/ribao/data/sample/sample.warc.gz   WARC/1.1, gzip: warcinfo + responses
    src/ribao/data/sample/sample.yaml      date, line, crawl time, entry points

Every page is an imitation of a real site's CMS layout (header, breadcrumb,
meta tags, share bars, sidebars, footer) filled with invented content. The
output is deterministic: fixed dates, record ids derived from URLs, no
randomness, so two runs give the same bytes.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import sys
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from jinja2 import DictLoader, Environment, StrictUndefined
from markupsafe import escape
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SOURCE = HERE / "sample_day.json"
OUT_DIR = ROOT / "src" / "ribao" / "data" / "sample"
WARC_NAME = "sample.warc.gz"
LINE = "xinzhi"
CST = timezone(timedelta(hours=8))
MARK = "<!-- ribao sample data: fictional -->"
ROBOTS = b"User-agent: *\nDisallow: /search/\nCrawl-delay: 1\n"

# ---------------------------------------------------------------------------
# Sites. `link` is how list pages write article links: "rel" (./ relative to
# the list page), "root" (/path) or "abs" (full URL). `bytes_enc` is the codec
# the bytes are really written in; `declared` is the charset the page claims.
# ---------------------------------------------------------------------------
SITES = {
    "ndrc": dict(name="国家发展和改革委员会", short="国家发展改革委", host="https://www.ndrc.gov.cn",
                 enc="utf-8", declared="utf-8", ctype="text/html; charset=utf-8", link="rel",
                 code="bm04000007", icp="京ICP备06027521号",
                 columns={"通知": "/xxgk/zcfb/tz/", "政策解读": "/xxgk/jd/jd/", "新闻发布": "/xwdt/xwfb/"},
                 crumbs={"通知": ["政务公开", "政策", "通知"], "政策解读": ["政务公开", "政策解读"],
                         "新闻发布": ["新闻动态", "新闻发布"]}),
    "nea": dict(name="国家能源局", short="国家能源局", host="https://www.nea.gov.cn",
                enc="utf-8", declared="utf-8", ctype="text/html;charset=UTF-8", link="root",
                code="bm46000002", icp="京ICP备11044902号",
                columns={"通知公告": "/zcfb/tzgg/", "能源要闻": "/xwzx/nyyw/"},
                crumbs={"通知公告": ["政策发布", "通知公告"], "能源要闻": ["新闻中心", "能源要闻"]}),
    "nda": dict(name="国家数据局", short="国家数据局", host="https://www.nda.gov.cn",
                enc="utf-8", declared="utf-8", ctype="text/html; charset=utf-8", link="rel",
                code="bm96000001", icp="京ICP备2024053117号",
                columns={"政策文件": "/sjj/zwgk/zcfb/", "数据动态": "/sjj/swdt/sjdt/",
                         "地方动态": "/sjj/swdt/dfdt/", "通知公告": "/sjj/zwgk/tzgg/"},
                crumbs={"政策文件": ["政务公开", "政策文件"], "数据动态": ["数务动态", "数据动态"],
                        "地方动态": ["数务动态", "地方动态"], "通知公告": ["政务公开", "通知公告"]}),
    "govcn": dict(name="中国政府网", short="中国政府网", host="https://www.gov.cn",
                  enc="utf-8", declared="utf-8", ctype="text/html; charset=utf-8", link="rel",
                  code="bm01000001", icp="京ICP备05070218号",
                  columns={"最新政策": "/zhengce/zuixin/", "要闻": "/yaowen/liebiao/"},
                  crumbs={"最新政策": ["政策", "最新"], "要闻": ["要闻"]}),
    "miit": dict(name="中华人民共和国工业和信息化部", short="工业和信息化部", host="https://www.miit.gov.cn",
                 enc="utf-8", declared="utf-8", ctype="text/html; charset=utf-8", link="rel",
                 code="bm07000001", icp="京ICP备04000001号",
                 columns={"文件发布": "/zwgk/zcwj/wjfb/", "政策解读": "/zwgk/zcjd/", "工作动态": "/xwfb/gxdt/"},
                 crumbs={"文件发布": ["政务公开", "政策文件", "文件发布"], "政策解读": ["政务公开", "政策解读"],
                         "工作动态": ["新闻发布", "工信动态"]}),
    "mee": dict(name="中华人民共和国生态环境部", short="生态环境部", host="https://www.mee.gov.cn",
                enc="utf-8", declared="utf-8", ctype="text/html; charset=utf-8", link="rel",
                code="bm17000009", icp="京ICP备05009132号",
                columns={"政策文件": "/xxgk2018/xxgk/xxgk03/", "新闻发布": "/ywdt/xwfb/"},
                crumbs={"政策文件": ["信息公开", "政策文件"], "新闻发布": ["要闻动态", "新闻发布"]}),
    "stats": dict(name="国家统计局", short="国家统计局", host="https://www.stats.gov.cn",
                  enc="utf-8", declared="utf-8", ctype="text/html; charset=utf-8", link="rel",
                  code="bm36000002", icp="京ICP备05034670号",
                  columns={"最新发布": "/sj/zxfb/", "统计新闻": "/xw/tjxw/"},
                  crumbs={"最新发布": ["数据", "数据发布", "最新发布"], "统计新闻": ["新闻", "统计新闻"]}),
    "xinhua": dict(name="新华网", short="新华网", host="http://www.news.cn",
                   enc="utf-8", declared="utf-8", ctype="text/html; charset=utf-8", link="abs",
                   columns={"时政": "/politics/", "财经": "/fortune/", "科技": "/tech/"}),
    "people": dict(name="人民网", short="人民网", host="http://finance.people.com.cn",
                   enc="gbk", declared="GB2312", ctype="text/html", link="abs",
                   columns={"财经": "/GB/70846/index.html"}),
    "cnenergy": dict(name="中国能源新闻网", short="中国能源新闻网", host="https://www.cnenergynews.cn",
                     enc="utf-8", declared="utf-8", ctype="text/html; charset=utf-8", link="rel",
                     columns={"要闻": "/news/"}),
    "jsfgw": dict(name="江苏省发展和改革委员会", short="江苏省发展改革委", host="https://fzggw.jiangsu.gov.cn",
                  enc="gbk", declared="gbk", ctype="text/html; charset=GBK", link="root",
                  code="3200000046", icp="苏ICP备05008741号",
                  columns={"通知公告": "/col/col284/index.html"}),
    "reuters": dict(name="Reuters", short="Reuters", host="https://www.reuters.com",
                    enc="utf-8", declared="utf-8", ctype="text/html; charset=utf-8", link="root",
                    columns={"Energy": "/business/energy/"}),
}

EDITORS = ["王卓然", "刘思博", "张雅楠", "陈嘉怡", "赵文轩", "孙明远"]


def digest(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()


def digits(key: str, n: int) -> str:
    return str(int(digest(key)[:15], 16) % (9 * 10 ** (n - 1)) + 10 ** (n - 1))


def pick(key: str, seq):
    return seq[int(digest(key)[:8], 16) % len(seq)]


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower().replace("'", "")).strip("-")[:120].rstrip("-")


def article_url(a: dict) -> str:
    site = SITES[a["site"]]
    col = site["columns"][a["column"]]
    d = a["_dt"]
    key = f"{a['site']}|{a['id']}"
    h32 = digest(key)[:32]
    n6, n7, n8 = digits(key, 6), digits(key, 7), digits(key, 8)
    ymd = d.strftime("%Y%m%d")
    s = a["site"]
    if s in ("ndrc", "stats"):
        path = f"{col}{d:%Y%m}/t{ymd}_{n7}.html"
    elif s == "mee":
        path = f"{col}{d:%Y%m}/t{ymd}_{n7}.shtml"
    elif s == "nea":
        path = f"/{ymd}/{h32}/c.html"
    elif s == "nda":
        path = f"{col}{d:%m%d}/{ymd}{d:%H%M%S}{n6}.html"
    elif s == "govcn":
        path = f"{col}{d:%Y%m}/content_{n7}.htm"
    elif s == "miit":
        path = f"{col}art/{d:%Y}/art_{h32}.html"
    elif s == "xinhua":
        path = f"{col}{ymd}/{h32}/c.html"
    elif s == "people":
        path = f"/n1/{d:%Y}/{d:%m%d}/c1004-{n8}.html"
    elif s == "cnenergy":
        path = f"{col}{d:%Y/%m/%d}/detail_{ymd}{n6}.html"
    elif s == "jsfgw":
        colid = re.search(r"col(\d+)", col).group(1)
        path = f"/art/{d.year}/{d.month}/{d.day}/art_{colid}_{n7}.html"
    elif s == "reuters":
        u = a["_utc"]
        path = f"{col}{slugify(a['title'])}-{u:%Y-%m-%d}/"
    else:
        raise SystemExit(f"no URL pattern for site {s}")
    return site["host"] + path


def list_href(site_key: str, list_url: str, url: str) -> str:
    site = SITES[site_key]
    style = site["link"]
    if style == "abs":
        return url
    path = url[len(site["host"]):]
    if style == "rel":
        base = list_url[len(site["host"]):]
        base = base if base.endswith("/") else base.rsplit("/", 1)[0] + "/"
        if path.startswith(base):
            return "./" + path[len(base):]
    return path


def list_date(site_key: str, a: dict) -> str:
    d = a["_dt"]
    if site_key == "reuters":
        return a["_utc"].strftime("%B %d, %Y").replace(" 0", " ")
    if site_key == "people":
        return f"{d:%Y年%m月%d日}"
    if site_key == "xinhua":
        return f"{d:%Y-%m-%d %H:%M:%S}"
    if site_key == "cnenergy":
        return f"{d:%Y-%m-%d %H:%M}"
    return f"{d:%Y-%m-%d}"


SIGN_RE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日$")


def paragraphs(a: dict) -> list[dict]:
    out = []
    n = len(a["body"])
    for i, p in enumerate(a["body"]):
        if i == n - 1 and SIGN_RE.search(p):
            kind = "sign"
        elif ("《" + p + "》") in a["title"]:
            kind = "subtitle"
        elif p.startswith("问："):
            kind = "question"
        else:
            kind = "text"
        out.append({"text": p, "lines": p.split("\n"), "kind": kind})
    return out


# ---------------------------------------------------------------------------
# Templates (Jinja2, autoescape on). Each imitates the layout family of one
# real site; the words around the content are boilerplate an extractor has to
# recognise and drop.
# ---------------------------------------------------------------------------
MACROS = r"""
{% macro body(ps, lead='', indent=True) -%}
{% for p in ps %}{% if p.kind == 'sign' -%}
<p style="text-align: right;">{% for l in p.lines %}{{ l }}{% if not loop.last %}<br/>{% endif %}{% endfor %}</p>
{% elif p.kind == 'subtitle' -%}
<p style="text-align: center;"><strong>{{ p.text }}</strong></p>
{% elif p.kind == 'question' -%}
<p{% if indent %} style="text-indent: 2em;"{% endif %}><strong>{{ lead }}{{ p.text }}</strong></p>
{% else -%}
<p{% if indent %} style="text-indent: 2em;"{% endif %}>{{ lead }}{{ p.text }}</p>
{% endif %}{% endfor %}
{%- endmacro %}
{% macro gov_meta(a, site, col, pubdate, url) -%}
<meta name="SiteName" content="{{ site.name }}">
<meta name="SiteDomain" content="{{ site.host.split('//')[1] }}">
<meta name="SiteIDCode" content="{{ site.code }}">
<meta name="ColumnName" content="{{ col }}">
<meta name="ColumnType" content="{{ col }}">
<meta name="ArticleTitle" content="{{ a.title }}">
<meta name="PubDate" content="{{ pubdate }}">
<meta name="ContentSource" content="{{ a.source }}">
<meta name="Keywords" content="{{ a._keywords }}">
<meta name="Description" content="{{ a._description }}">
<meta name="Url" content="{{ url }}">
{%- endmacro %}
{% macro attachments(a, label='附件：') -%}
{% for at in a.attachments %}<p class="fujian">{{ label if loop.first else '　　　' }}<a href="{{ at.url }}" target="_blank">{{ at.name }}</a></p>
{% endfor %}
{%- endmacro %}
{% macro related(items, heading='相关文章') -%}
<div class="related"><div class="related-hd">{{ heading }}</div><ul>
{% for r in items %}<li><a href="{{ r.url }}" target="_blank">{{ r.title }}</a><span>{{ r.date }}</span></li>
{% endfor %}</ul></div>
{%- endmacro %}
"""

GOV_HEAD_TOP = """<div class="topbar"><div class="w1200"><span class="welcome">欢迎访问{{ site.name }}网站</span>
<span class="links"><a href="/">首页</a> | <a href="/wzdt/">网站地图</a> | <a href="/en/">English</a> | <a href="/m/">手机版</a> | <a href="javascript:void(0)" id="wza">无障碍浏览</a> | <a href="javascript:void(0)" id="zzms">长者模式</a></span></div></div>
<div class="logo-bar"><a href="/" class="logo"><img src="/images/logo.png" alt="{{ site.name }}"></a>
<form class="search" action="/search/" method="get"><input type="text" name="q" placeholder="请输入关键词"><button type="submit">搜索</button></form></div>"""

GOV_FOOT = """<div class="footer"><div class="w1200">
<p><a href="/gywm/">关于我们</a> | <a href="/lxwm/">联系我们</a> | <a href="/wzsm/">网站声明</a> | <a href="/wzdt/">网站地图</a></p>
<p>主办单位：{{ site.name }}　版权所有：{{ site.name }}</p>
<p>网站标识码：{{ site.code }}　<a href="https://beian.miit.gov.cn/" target="_blank">{{ site.icp }}</a>　京公网安备 11010202{{ site.code[-6:] }}号</p>
<p>建议使用1920×1080分辨率浏览本网站</p></div></div>"""

SHARE_CN = """<div class="share-bar"><span class="share">分享到：<a class="wx" href="javascript:void(0)">微信</a><a class="wb" href="javascript:void(0)">微博</a><a class="qq" href="javascript:void(0)">QQ空间</a></span>
<span class="tools">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</span></div>"""

STATS_JS = """<script type="text/javascript">var _hmt = _hmt || [];(function(){var hm=document.createElement("script");hm.src="/js/stat.js";document.getElementsByTagName("head")[0].appendChild(hm);})();</script>"""

T = {}

T["ndrc"] = MACROS + """<!DOCTYPE html>
<html lang="zh-CN">
""" + MARK + """
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
{{ gov_meta(a, site, a.column, pub_full, url) }}
<title>{{ a.title }}_{{ a.column }}_{{ site.name }}</title>
<link rel="stylesheet" href="/images/common.css">
""" + STATS_JS + """
</head>
<body>
""" + GOV_HEAD_TOP + """
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/fzggw/">机构设置</a></li><li><a href="/xwdt/">新闻动态</a></li><li><a href="/xxgk/">政务公开</a></li><li><a href="/fgsj/">发展改革数据</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zwfw/">政务服务</a></li></ul></div>
<div class="container">
<div class="crumb">当前位置：<a href="/">首页</a>{% for c in crumbs %} &gt; <a href="{{ list_path if loop.last else '/' }}">{{ c }}</a>{% endfor %}</div>
<div class="article">
<div class="article_title">{{ a.title }}</div>
<div class="article_time">
<span class="time">发布时间：{{ a._dt.strftime('%Y/%m/%d') }}</span>
<span class="source">来源：{{ a.source }}</span>
<span class="font">[ 字号 <a href="javascript:void(0)">大</a> <a href="javascript:void(0)">中</a> <a href="javascript:void(0)">小</a> ]</span></div>
<div class="article_con">
<div class="TRS_Editor">
{% if a.doc_no %}<p style="text-align: center;">{{ a.doc_no }}</p>
{% endif %}{{ body(ps) }}</div>
{{ attachments(a) }}</div>
""" + SHARE_CN + """
<div class="prev-next">{% if prev %}<p>上一篇：<a href="{{ prev.url }}">{{ prev.title }}</a></p>{% endif %}{% if next %}<p>下一篇：<a href="{{ next.url }}">{{ next.title }}</a></p>{% endif %}</div>
</div>
<div class="sidebar">{{ related(rel, '相关文章') }}</div>
</div>
""" + GOV_FOOT + """
</body>
</html>
"""

T["nea"] = MACROS + """<!DOCTYPE html>
<html lang="zh-CN">
""" + MARK + """
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="ArticleTitle" content="{{ a.title }}">
<meta name="PubDate" content="{{ pub_date }}">
<meta name="ContentSource" content="{{ a.source }}">
<meta name="ColumnName" content="{{ a.column }}">
<title>{{ a.title }}-国家能源局</title>
</head>
<body>
""" + GOV_HEAD_TOP + """
<div class="nav"><a href="/">首页</a><a href="/jgsz/">机构概况</a><a href="/xwzx/">新闻中心</a><a href="/zcfb/">政策发布</a><a href="/sjzz/">数据发布</a><a href="/hdjl/">互动交流</a></div>
<div class="main w1200">
<div class="location">您当前的位置：<a href="/">首页</a>{% for c in crumbs %} &gt; <a href="{{ list_path if loop.last else '/' }}">{{ c }}</a>{% endfor %}</div>
<div class="article-box">
<h1 class="article-title">{{ a.title }}</h1>
<div class="article-info"><span>日期：{{ pub_date }}</span>　<span>来源：{{ a.source }}</span>　<span class="font">【字体：<a href="javascript:void(0)">大</a> <a href="javascript:void(0)">中</a> <a href="javascript:void(0)">小</a>】</span></div>
<div class="article-content" id="detailContent">
{% if a.doc_no %}<p style="text-align: center;">{{ a.doc_no }}</p>
{% endif %}{{ body(ps, lead='　　', indent=False) }}{{ attachments(a) }}</div>
<div class="qr"><img src="/images/qrcode.png" alt="">扫一扫在手机打开当前页</div>
""" + SHARE_CN + """
</div>
{{ related(rel, '相关新闻') }}
</div>
""" + GOV_FOOT + """
</body>
</html>
"""

T["nda"] = MACROS + """<!DOCTYPE html>
<html>
""" + MARK + """
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
{{ gov_meta(a, site, a.column, pub_full, url) }}
<title>{{ a.title }}-国家数据局</title>
</head>
<body>
""" + GOV_HEAD_TOP + """
<div class="menu"><ul><li><a href="/">首页</a></li><li><a href="/sjj/jgsz/">机构设置</a></li><li><a href="/sjj/swdt/">数务动态</a></li><li><a href="/sjj/zwgk/">政务公开</a></li><li><a href="/sjj/hdjl/">互动交流</a></li></ul></div>
<div class="page-body">
<div class="bread">首页{% for c in crumbs %} &gt; {% if loop.last %}<a href="{{ list_path }}">{{ c }}</a>{% else %}{{ c }}{% endif %}{% endfor %}</div>
<div class="detail-box">
<h2 class="detail-title">{{ a.title }}</h2>
<div class="detail-info"><span>发布时间：{{ pub_full }}</span><span>来源：{{ a.source }}</span><span>浏览次数：{{ views }}</span><span class="size">字号：<a>大</a> <a>中</a> <a>小</a></span></div>
<div class="content" id="zoom">
{% if a.doc_no %}<p style="text-align: center;">{{ a.doc_no }}</p>
{% endif %}{{ body(ps) }}{{ attachments(a) }}</div>
""" + SHARE_CN + """
</div>
<div class="side-box">{{ related(rel, '相关阅读') }}</div>
</div>
""" + GOV_FOOT + """
</body>
</html>
"""

T["govcn"] = MACROS + """<!DOCTYPE html>
<html>
""" + MARK + """
<head>
<meta charset="utf-8">
{{ gov_meta(a, site, a.column, pub_full, url) }}
<meta name="lanmu" content="{{ a.column }}">
<title>{{ a.title }}_{{ a.column }}_中国政府网</title>
</head>
<body>
<div class="header"><div class="header_top"><a href="https://www.gov.cn/">中国政府网</a> <span class="date">{{ crawl_date_cn }}</span> <a href="https://english.www.gov.cn/">English</a> <a href="/m/">移动版</a></div>
<ul class="header_nav"><li><a href="/">首页</a></li><li><a href="/yaowen/">要闻</a></li><li><a href="/guowuyuan/">国务院</a></li><li><a href="/zhengce/">政策</a></li><li><a href="/hudong/">互动</a></li><li><a href="/fuwu/">服务</a></li><li><a href="/shuju/">数据</a></li><li><a href="/guoqing/">国情</a></li></ul></div>
<div class="BreadcrumbNav"><a href="/">首页</a>{% for c in crumbs %} &gt; <a href="{{ list_path if loop.last else '/zhengce/' }}">{{ c }}</a>{% endfor %}</div>
<div class="article oneColumn pub_border">
{% if a.doc_no %}<div class="policyLibraryOverview_header">
<table class="bd1" cellspacing="1" cellpadding="0" border="0">
<tbody>
<tr><td class="tdTitle"><b>索 引 号：</b></td><td>000014349/2026-{{ index_no }}</td><td class="tdTitle"><b>主题分类：</b></td><td>工业、交通\\信息产业（含电信）</td></tr>
<tr><td class="tdTitle"><b>发文机关：</b></td><td>{{ issuer }}</td><td class="tdTitle"><b>成文日期：</b></td><td>{{ signed_date }}</td></tr>
<tr><td class="tdTitle"><b>标　　题：</b></td><td colspan="3">{{ a.title }}</td></tr>
<tr><td class="tdTitle"><b>发文字号：</b></td><td>{{ a.doc_no }}</td><td class="tdTitle"><b>发布日期：</b></td><td>{{ a._dt.year }}年{{ a._dt.month }}月{{ a._dt.day }}日</td></tr>
</tbody></table></div>
{% endif %}<h1 id="ti">{{ a.title }}</h1>
<div class="pages-date">{{ pub_full }}　<span class="font">来源： {{ a.source }}</span>
<span class="font index_switchsize">字号：<span>默认</span> <span>大</span> <span>超大</span></span> | <span class="font printIco"><a href="javascript:window.print()">打印</a></span> | <span class="font">分享：<a>微信</a> <a>微博</a></span></div>
<div class="pages_content mhide" id="UCAP-CONTENT">
{% if a.doc_no %}<p style="text-align: center;">{{ a.doc_no }}</p>
{% endif %}{{ body(ps) }}</div>
<div class="editor">【我要纠错】 责任编辑：{{ editor }}</div>
<div class="related"><div class="related-hd">相关稿件</div><ul>{% for r in rel %}<li><a href="{{ r.url }}">{{ r.title }}</a></li>{% endfor %}</ul></div>
</div>
<div class="footer"><p>主办单位：国务院办公厅　运行维护单位：中国政府网运行中心</p>
<p>版权所有：中国政府网　中文域名：中国政府网.政务</p>
<p>网站标识码bm01000001　京ICP备05070218号　京公网安备11010202000001号</p></div>
</body>
</html>
"""

T["miit"] = MACROS + """<!DOCTYPE html>
<html>
""" + MARK + """
<head>
<meta charset="utf-8">
{{ gov_meta(a, site, a.column, pub_full, url) }}
<title>{{ a.title }}</title>
</head>
<body>
""" + GOV_HEAD_TOP + """
<div class="nav"><a href="/">首页</a><a href="/jgsj/">机构设置</a><a href="/xwfb/">新闻发布</a><a href="/zwgk/">政务公开</a><a href="/gzcy/">公众参与</a><a href="/bsfw/">办事服务</a></div>
<div class="w1100">
<div class="dqwz">当前位置：<a href="/">首页</a>{% for c in crumbs %} &gt; <a href="{{ list_path if loop.last else '/' }}">{{ c }}</a>{% endfor %}</div>
<div class="ctitle"><h1 id="con_title">{{ a.title }}</h1></div>
<div class="cinfo center"><span id="con_time">发布时间：{{ pub_full }}</span>　<span>来源：{{ a.source }}</span>　<span class="zh">【字号：<a>大</a> <a>中</a> <a>小</a>】</span></div>
<div class="ccontent center" id="con_con">
{% if a.doc_no %}<p style="text-align: center;">{{ a.doc_no }}</p>
{% endif %}{{ body(ps, lead='　　', indent=False) }}{{ attachments(a) }}</div>
""" + SHARE_CN + """
{{ related(rel, '相关文件') }}
</div>
""" + GOV_FOOT + """
</body>
</html>
"""

T["mee"] = MACROS + """<!DOCTYPE html>
<html>
""" + MARK + """
<head>
<meta charset="utf-8">
{{ gov_meta(a, site, a.column, pub_full, url) }}
<title>{{ a.title }}_生态环境部</title>
</head>
<body>
""" + GOV_HEAD_TOP + """
<div class="mainNav"><a href="/">首页</a><a href="/zjhb/">组织机构</a><a href="/ywdt/">要闻动态</a><a href="/xxgk2018/">信息公开</a><a href="/ywgz/">业务工作</a><a href="/hdjl/">互动交流</a></div>
<div class="innerBg">
<div class="position">位置：<a href="/">首页</a>{% for c in crumbs %} &gt; <a href="{{ list_path if loop.last else '/' }}">{{ c }}</a>{% endfor %}</div>
<div class="neiright">
<h2 class="neiright_Title">{{ a.title }}</h2>
<div class="neiright_JPZ_GK_CP"><i>{{ pub_full }}</i>　<i>来源：{{ a.source }}</i>　<span>【<a>大</a> <a>中</a> <a>小</a>】</span></div>
<div class="content_body">
<div class="TRS_Editor">
{% if a.doc_no %}<p style="text-align: center;">{{ a.doc_no }}</p>
{% endif %}{{ body(ps) }}</div>
{{ attachments(a) }}</div>
""" + SHARE_CN + """
<div class="prev-next">{% if prev %}<p>上一篇：<a href="{{ prev.url }}">{{ prev.title }}</a></p>{% endif %}{% if next %}<p>下一篇：<a href="{{ next.url }}">{{ next.title }}</a></p>{% endif %}</div>
</div>
{{ related(rel, '相关链接') }}
</div>
""" + GOV_FOOT + """
</body>
</html>
"""

T["stats"] = MACROS + """<!DOCTYPE html>
<html>
""" + MARK + """
<head>
<meta charset="utf-8">
{{ gov_meta(a, site, a.column, pub_full, url) }}
<title>{{ a.title }} - 国家统计局</title>
</head>
<body>
""" + GOV_HEAD_TOP + """
<div class="nav"><a href="/">首页</a><a href="/zjtj/">机构</a><a href="/xw/">新闻</a><a href="/sj/">数据</a><a href="/zs/">知识</a><a href="/hd/">互动</a></div>
<div class="detail">
<div class="crumbs">当前位置：<a href="/">首页</a>{% for c in crumbs %} &gt; <a href="{{ list_path if loop.last else '/' }}">{{ c }}</a>{% endfor %}</div>
<div class="detail-title"><h1>{{ a.title }}</h1></div>
<div class="detail-title-des"><h2><p>发布时间：{{ pub_full }}</p></h2><h2><p class="source">来源：{{ a.source }}</p></h2><span class="print"><a href="javascript:window.print()">打印</a></span></div>
<div class="detail-content">
<div class="TRS_Editor">
{% for p in ps %}<p class="MsoNormal" style="text-indent: 2em;">{{ p.text }}</p>
{% endfor %}</div></div>
<div class="prev-next">{% if prev %}<p>上一篇：<a href="{{ prev.url }}">{{ prev.title }}</a></p>{% endif %}{% if next %}<p>下一篇：<a href="{{ next.url }}">{{ next.title }}</a></p>{% endif %}</div>
</div>
""" + GOV_FOOT + """
</body>
</html>
"""

T["xinhua"] = MACROS + """<!DOCTYPE html>
<html>
""" + MARK + """
<head>
<meta charset="utf-8">
<meta name="keywords" content="{{ a._keywords }}">
<meta name="description" content="{{ a._description }}">
<meta name="source" content="新华网">
<title>{{ a.title }}-新华网</title>
</head>
<body>
<div class="topNav"><a href="http://www.news.cn/">新华网</a> | <a href="/politics/">时政</a> <a href="/local/">地方</a> <a href="/legal/">法治</a> <a href="/world/">国际</a> <a href="/fortune/">财经</a> <a href="/tech/">科技</a> <a href="/ent/">文娱</a> <a href="/sports/">体育</a> | <a href="http://www.xinhuanet.com/english/">English</a></div>
<div class="header domPC">
<div class="header-top clearfix">
<div class="header-time left"><span class="year"><em>{{ a._dt.strftime('%Y') }}</em></span><span class="day"><em>{{ a._dt.strftime('%m') }}</em>/<em>{{ a._dt.strftime('%d') }}</em></span><span class="time">{{ a._dt.strftime('%H:%M:%S') }}</span></div>
<div class="header-cont clearfix"><div class="source">来源：{{ a.source }}</div>
<div class="pageShare"><span>分享到：</span><a class="wx"></a><a class="wb"></a></div></div></div>
<div class="head-line clearfix"><h1><span class="title">{{ a.title }}</span></h1>
<div class="setFont">字体：<span class="bigger">+</span><span class="smaller">-</span></div></div>
</div>
<div class="main clearfix">
<div class="main-left left">
<div id="detail"><span id="detailContent">
{{ body(ps, lead='　　', indent=False) }}</span></div>
<div id="articleEdit"><span class="tiyi1"><a href="javascript:void(0)">【纠错】</a></span><span class="editor">【责任编辑:{{ editor }}】</span></div>
</div>
<div class="main-right right"><div class="columBox"><div class="col-tit">热点推荐</div><ul>{% for r in rel %}<li><a href="{{ r.url }}" target="_blank">{{ r.title }}</a></li>{% endfor %}</ul></div></div>
</div>
<div class="foot"><p>Copyright &copy; 2000-2026 XINHUANET.com All Rights Reserved.</p><p>制作单位：新华网股份有限公司　版权所有：新华网股份有限公司</p></div>
</body>
</html>
"""

T["people"] = MACROS + """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
""" + MARK + """
<head>
<meta http-equiv="content-type" content="text/html;charset=GB2312"/>
<meta name="keywords" content="{{ a._keywords }}" />
<meta name="description" content="{{ a._description }}" />
<meta name="publishdate" content="{{ pub_date }}" />
<meta name="author" content="{{ editor }}" />
<meta name="source" content="来源：{{ a.source }}" />
<title>{{ a.title }}--财经--人民网 </title>
</head>
<body>
<div class="header"><a href="http://www.people.com.cn/">人民网</a> <a href="http://politics.people.com.cn/">时政</a> <a href="http://world.people.com.cn/">国际</a> <a href="http://finance.people.com.cn/">财经</a> <a href="http://society.people.com.cn/">社会</a> <a href="http://opinion.people.com.cn/">观点</a> | <a href="http://www.people.com.cn/GB/138812/index.html">人民网通行证</a></div>
<div class="path"><a href="http://www.people.com.cn/">人民网</a>&gt;&gt;<a href="http://finance.people.com.cn/">财经</a></div>
<div class="layout rm_txt cf">
<div class="col col-1 fl">
<h3 class="pre"></h3>
<h1>{{ a.title }}</h1>
<h4 class="sub"></h4>
<p class="author">{{ a.author or '' }}</p>
<div class="channel cf"><div class="col-1-1 fl">{{ a._dt.strftime('%Y') }}年{{ a._dt.strftime('%m') }}月{{ a._dt.strftime('%d') }}日{{ a._dt.strftime('%H:%M') }} | 来源：<a href="http://paper.people.com.cn/rmrb/" target="_blank">{{ a.source }}</a></div>
<div class="col-1-2 fr">分享到：<a>微信</a> <a>微博</a> <a>人民微博</a></div></div>
<div class="rm_txt_con cf">
{{ body(ps) }}<p style="text-align: center;">《 人民日报 》（ {{ paper_date }}   第 {{ paper_page }} 版）</p>
<div class="edit cf">(责编：{{ editor }}、{{ editor2 }})</div>
</div>
<div class="box_news"><h2>相关新闻</h2><ul>{% for r in rel %}<li><a href="{{ r.url }}" target="_blank">{{ r.title }}</a></li>{% endfor %}</ul></div>
</div>
<div class="col col-2 fr"><div class="ph">人民网热点</div></div>
</div>
<div class="footer"><p>人民日报社概况 | 关于人民网 | 报社招聘 | 招聘英才 | 广告服务 | 合作加盟 | 供稿服务 | 网站声明 | 网站地图 | 留言板</p>
<p>人 民 网 股 份 有 限 公 司 版 权 所 有 ，未 经 书 面 授 权 禁 止 使 用</p>
<p>Copyright &copy; 1997-2026 by www.people.com.cn. all rights reserved</p></div>
</body>
</html>
"""

T["cnenergy"] = MACROS + """<!DOCTYPE html>
<html lang="zh-CN">
""" + MARK + """
<head>
<meta charset="utf-8">
<meta name="keywords" content="{{ a._keywords }}">
<meta name="description" content="{{ a._description }}">
<title>{{ a.title }}-中国能源新闻网</title>
</head>
<body>
<div class="top-bar">中国能源新闻网 | 中国能源报社有限公司主办 <a href="/">首页</a> <a href="/news/">要闻</a> <a href="/pinglun/">评论</a> <a href="/dianli/">电力</a> <a href="/xinnengyuan/">新能源</a> <a href="/youqi/">油气</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="{{ list_path }}">{{ a.column }}</a> &gt; 正文</div>
<div class="xq-main">
<h1 class="xq-title">{{ a.title }}</h1>
<div class="xq-info"><span class="time">{{ a._dt.strftime('%Y-%m-%d %H:%M') }}</span><span class="src">来源：{{ a.source }}</span>{% if a.author %}<span class="zz">作者：{{ a.author }}</span>{% endif %}</div>
<div class="article-content">
{{ body(ps, indent=False) }}</div>
<p class="zb">责任编辑：{{ editor }}</p>
<p class="copyright-note">凡本网注明“来源：中国能源报”的所有作品，版权均属于中国能源报社有限公司，未经授权不得转载。</p>
</div>
<div class="hot"><h3>热点推荐</h3><ul>{% for r in rel %}<li><a href="{{ r.url }}">{{ r.title }}</a></li>{% endfor %}</ul></div>
<div class="footer">中国能源报社有限公司版权所有　京ICP备2021031622号-1　京公网安备11010502045530号</div>
</body>
</html>
"""

T["jsfgw"] = MACROS + """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
""" + MARK + """
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gbk" />
<meta name="SiteName" content="{{ site.name }}">
<meta name="SiteDomain" content="fzggw.jiangsu.gov.cn">
<meta name="SiteIDCode" content="{{ site.code }}">
<meta name="ColumnName" content="{{ a.column }}">
<meta name="ArticleTitle" content="{{ a.title }}">
<meta name="PubDate" content="{{ pub_date }}">
<meta name="ContentSource" content="{{ a.source }}">
<title>{{ site.name }} {{ a.column }} {{ a.title }}</title>
</head>
<body>
<table width="1200" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td class="topbg"><img src="/images/banner.jpg" alt="{{ site.name }}" /></td></tr>
<tr><td class="dh"><a href="/">首页</a> <a href="/col/col281/index.html">机构概况</a> <a href="/col/col283/index.html">新闻动态</a> <a href="/col/col284/index.html">通知公告</a> <a href="/col/col290/index.html">政务公开</a> <a href="/col/col300/index.html">互动交流</a></td></tr>
<tr><td class="bt_link">您当前的位置：<a href="/">首页</a> &gt; <a href="{{ list_path }}">{{ a.column }}</a></td></tr>
</table>
<table width="1100" border="0" align="center" cellpadding="0" cellspacing="0" class="xxgk_table">
<tr><td class="title" align="center"><div class="sp_title">{{ a.title }}</div></td></tr>
<tr><td align="center" class="fbrq">发布日期：{{ a._dt.strftime('%Y') }}年{{ a._dt.strftime('%m') }}月{{ a._dt.strftime('%d') }}日　　信息来源：{{ a.source }}　　浏览次数：<span id="hits">{{ views }}</span>　　【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</td></tr>
<tr><td><div id="zoom">
{% if a.doc_no %}<p style="text-align: center;">{{ a.doc_no }}</p>
{% endif %}{{ body(ps, lead='　　', indent=False) }}{{ attachments(a, '附件：') }}</div></td></tr>
<tr><td align="right" class="gongju">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</td></tr>
</table>
<div class="bottom"><p>主办单位：{{ site.name }}　<a href="/col/col301/index.html">联系我们</a>　<a href="/col/col302/index.html">网站地图</a></p>
<p>网站标识码：{{ site.code }}　{{ site.icp }}　苏公网安备 32010602010397号</p></div>
</body>
</html>
"""

T["reuters"] = MACROS + """<!DOCTYPE html>
<html lang="en">
""" + MARK + """
<head>
<meta charset="utf-8">
<title>{{ a.title }} | Reuters</title>
<meta name="description" content="{{ a._description }}">
<meta property="og:title" content="{{ a.title }}">
<meta property="og:type" content="article">
<meta property="og:url" content="{{ url }}">
<meta property="og:site_name" content="Reuters">
<meta name="article:published_time" content="{{ utc_iso }}">
<meta name="article:modified_time" content="{{ utc_iso }}">
<meta name="analyticsAttributes.contentChannel" content="{{ a.column }}">
<script type="application/ld+json">{{ ld|tojson }}</script>
</head>
<body>
<header class="site-header"><a href="/">Reuters</a><nav><a href="/world/">World</a> <a href="/business/">Business</a> <a href="/markets/">Markets</a> <a href="/sustainability/">Sustainability</a> <a href="/legal/">Legal</a> <a href="/breakingviews/">Breakingviews</a> <a href="/technology/">Technology</a></nav><a class="signin" href="/account/sign-in/">Sign In</a> <a class="register" href="/account/register/">Register</a></header>
<main id="main-content">
<article class="article">
<nav class="article-breadcrumb"><a href="/business/">Business</a> / <a href="{{ list_path }}">{{ a.column }}</a></nav>
<h1 data-testid="Heading">{{ a.title }}</h1>
<div class="article-info"><div class="byline" data-testid="AuthorByline">By {{ a.author or 'Reuters Staff' }}</div>
<div class="date-line"><time datetime="{{ utc_iso }}">{{ utc_human }}</time> <span>Updated {{ utc_human }}</span></div></div>
<div class="article-body" data-testid="ArticleBody">
{% for p in ps %}<div data-testid="paragraph-{{ loop.index0 }}" class="text__paragraph">{{ p.text }}</div>
{% if loop.index0 == 1 %}<div class="newsletter-plug">Sign up here.</div>
{% endif %}{% endfor %}</div>
<p class="sign-off" data-testid="SignOff">Reporting by {{ a.author or 'Reuters Staff' }}; Editing by Newsroom</p>
<p class="trust">Our Standards: <a href="/info-pages/editorial-standards/">The Thomson Reuters Trust Principles.</a>, opens new tab</p>
</article>
<aside class="read-next"><h2>Read Next</h2><ul>{% for r in rel %}<li><a href="{{ r.url }}">{{ r.title }}</a></li>{% endfor %}</ul></aside>
</main>
<footer class="site-footer">All quotes delayed a minimum of 15 minutes. &copy; 2026 Reuters. All rights reserved</footer>
</body>
</html>
"""

LIST = """<!DOCTYPE html>
<html>
""" + MARK + """
<head>
{% if site.enc == 'utf-8' %}<meta charset="utf-8">{% else %}<meta http-equiv="Content-Type" content="text/html; charset={{ site.declared }}">{% endif %}
<meta name="SiteName" content="{{ site.name }}">
<meta name="ColumnName" content="{{ column }}">
<title>{{ column }}_{{ site.name }}</title>
</head>
<body>
<div class="header"><a href="/">{{ site.name }}</a> <a href="/">首页</a> <a href="/search/">搜索</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; {{ column }}</div>
<div class="list-wrap">
<div class="list-title">{{ column }}</div>
<ul class="u-list">
{% for it in items %}<li><a href="{{ it.href }}" target="_blank" title="{{ it.title }}">{{ it.title }}</a><span>{{ it.date }}</span></li>
{% endfor %}</ul>
<div class="pagination">共{{ items|length }}条　第1页/共1页</div>
<script type="text/javascript">createPageHTML(1, 0, "index", "html");</script>
</div>
<div class="footer">版权所有：{{ site.name }}</div>
</body>
</html>
"""

ENV = Environment(loader=DictLoader({**T, "list": LIST}), autoescape=True,
                  undefined=StrictUndefined, keep_trailing_newline=True)


def encode(text: str, site: dict) -> bytes:
    # strict: every character must exist in the site's real codec
    return text.encode(site["enc"])


def load() -> dict:
    doc = json.loads(SOURCE.read_text(encoding="utf-8"))
    seen = set()
    for a in doc["articles"]:
        if a["id"] in seen:
            raise SystemExit(f"duplicate id {a['id']}")
        seen.add(a["id"])
        if a["site"] not in SITES:
            raise SystemExit(f"{a['id']}: unknown site {a['site']}")
        if a["column"] not in SITES[a["site"]]["columns"]:
            raise SystemExit(f"{a['id']}: column {a['column']} not in {a['site']}")
        a.setdefault("attachments", [])
        a.setdefault("doc_no", None)
        a.setdefault("author", None)
        a["_dt"] = datetime.strptime(a["published"], "%Y-%m-%d %H:%M").replace(tzinfo=CST)
        a["_utc"] = a["_dt"].astimezone(timezone.utc)
        a["url"] = article_url(a)
        first = a["body"][0] if a["body"] else ""
        a["_description"] = first[:80]
        a["_keywords"] = a["column"]
    urls = [a["url"] for a in doc["articles"]]
    if len(set(urls)) != len(urls):
        raise SystemExit("two articles map to the same URL")
    return doc


def render_article(a: dict, arts: list[dict], crawl: datetime) -> str:
    site = SITES[a["site"]]
    same_site = sorted((x for x in arts if x["site"] == a["site"] and x is not a),
                       key=lambda x: x["published"], reverse=True)
    rel = [{"title": x["title"], "url": x["url"], "date": x["published"][:10]} for x in same_site[:5]]
    col_items = sorted((x for x in arts if x["site"] == a["site"] and x["column"] == a["column"]),
                       key=lambda x: x["published"], reverse=True)
    i = col_items.index(a)
    newer = col_items[i - 1] if i > 0 else None
    older = col_items[i + 1] if i + 1 < len(col_items) else None
    d = a["_dt"]
    key = a["site"] + a["id"]
    ctx = dict(
        a=a, site=site, url=a["url"], ps=paragraphs(a),
        list_path=site["columns"][a["column"]],
        crumbs=site.get("crumbs", {}).get(a["column"], [a["column"]]),
        pub_full=f"{d:%Y-%m-%d %H:%M}", pub_date=f"{d:%Y-%m-%d}",
        rel=rel, prev=older, next=newer,
        editor=pick(key + "e1", EDITORS), editor2=pick(key + "e2", EDITORS[::-1]),
        views=int(digits(key + "v", 4)),
        index_no=digits(key + "i", 5),
        crawl_date_cn=f"{crawl.year}年{crawl.month}月{crawl.day}日",
        paper_date=f"{d:%Y年%m月%d日}", paper_page=f"{int(digits(key + 'p', 2)) % 19 + 1:02d}",
        utc_iso=a["_utc"].strftime("%Y-%m-%dT%H:%M:%SZ"),
        utc_human=a["_utc"].strftime("%B %d, %Y %I:%M %p GMT+0").replace(" 0", " "),
    )
    if a["site"] == "govcn" and a["doc_no"]:
        sign = a["body"][-1] if a["body"] and SIGN_RE.search(a["body"][-1]) else ""
        names = re.split(r"[\s　]+", sign)
        ctx["issuer"] = "、".join(n for n in names[:-1] if n) or a["source"]
        ctx["signed_date"] = names[-1] if sign else f"{d.year}年{d.month}月{d.day}日"
    if a["site"] == "reuters":
        ctx["ld"] = {
            "@context": "https://schema.org", "@type": "NewsArticle",
            "headline": a["title"], "url": a["url"],
            "datePublished": ctx["utc_iso"], "dateModified": ctx["utc_iso"],
            "author": [{"@type": "Person", "name": a["author"] or "Reuters Staff"}],
            "publisher": {"@type": "Organization", "name": "Reuters"},
            "articleSection": a["column"],
        }
    html = ENV.get_template(a["site"]).render(**ctx).lstrip()
    # the things extraction tests look for must be on the page
    for must in (MARK, str(escape(a["title"])), str(escape(a["source"]))):
        if must not in html:
            raise SystemExit(f"{a['id']}: rendered page lacks {must!r}")
    return html


def main() -> None:
    doc = load()
    arts = doc["articles"]
    crawl = datetime.fromisoformat(doc["crawl_time"])
    warc_date = crawl.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    responses = []  # (url, content_type, body)
    entrypoints = []
    for sk, site in SITES.items():
        mine = [a for a in arts if a["site"] == sk]
        if not mine:
            continue
        responses.append((site["host"] + "/robots.txt", "text/plain", ROBOTS))
        for col, path in site["columns"].items():
            items = sorted((a for a in mine if a["column"] == col), key=lambda a: a["published"], reverse=True)
            if not items:
                continue
            list_url = site["host"] + path
            entrypoints.append({"site": sk, "column": col, "url": list_url})
            html = ENV.get_template("list").render(site=site, column=col, items=[
                {"href": list_href(sk, list_url, a["url"]), "title": a["title"], "date": list_date(sk, a)}
                for a in items])
            responses.append((list_url, site["ctype"], encode(html, site)))
        for a in sorted(mine, key=lambda a: a["published"], reverse=True):
            responses.append((a["url"], site["ctype"], encode(render_article(a, arts, crawl), site)))

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    info_id = f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'ribao-sample:warcinfo:' + doc['bulletin_date'])}>"
    info = (
        f"software: ribao tools/sample/build_sample.py\r\n"
        f"format: WARC File Format 1.1\r\n"
        f"conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"
        f"isPartOf: ribao-sample-{doc['bulletin_date']}\r\n"
        f"description: ribao sample capture. {doc['note']}. All events, documents, numbers and people "
        f"in these pages are fictional; the page layouts imitate real sites for testing only.\r\n"
        f"bulletin-date: {doc['bulletin_date']}\r\n"
        f"crawl-time: {doc['crawl_time']}\r\n"
    ).encode("utf-8")
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True, warc_version="1.1")
    rec = writer.create_warc_record("", "warcinfo", payload=io.BytesIO(info), length=len(info),
                                    warc_content_type="application/warc-fields",
                                    warc_headers_dict={"WARC-Record-ID": info_id, "WARC-Date": warc_date,
                                                       "WARC-Filename": WARC_NAME})
    writer.write_record(rec)
    for url, ctype, body in responses:
        http = StatusAndHeaders("200 OK", [("Content-Type", ctype), ("Content-Length", str(len(body)))],
                                protocol="HTTP/1.1")
        rid = f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>"
        rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                        http_headers=http,
                                        warc_headers_dict={"WARC-Record-ID": rid, "WARC-Date": warc_date,
                                                           "WARC-Warcinfo-ID": info_id})
        writer.write_record(rec)
    (OUT_DIR / WARC_NAME).write_bytes(buf.getvalue())

    y = ["# ribao bundled sample capture; generated by tools/sample/build_sample.py, do not edit",
         f"date: {doc['bulletin_date']}",
         f"line: {LINE}",
         f"crawl_time: \"{doc['crawl_time']}\"",
         f"note: {json.dumps(doc['note'], ensure_ascii=False)}",
         "entrypoints:"]
    for e in entrypoints:
        y += [f"  - site: {e['site']}",
              f"    column: {json.dumps(e['column'], ensure_ascii=False)}",
              f"    url: {json.dumps(e['url'])}"]
    (OUT_DIR / "sample.yaml").write_text("\n".join(y) + "\n", encoding="utf-8")
    print(f"{len(arts)} articles, {len(entrypoints)} list pages, "
          f"{len(responses)} responses -> {(OUT_DIR / WARC_NAME).relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
