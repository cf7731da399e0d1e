"""The general extractor on the classes of round 12 of issue 10 (``holdout9/`` developed on). One
small page per class, with site-neutral markup; each fails on the code before this round."""
from test_extract_general import extract, page
from test_extract_round8 import NEWS, TITLE, _paras


def test_a_share_boxs_prompt_is_no_headline():
    """<title> names only the column (评论——某某网), so the headline is looked for over the text: the
    share box's <h4>微信扫一扫：分享</h4> (inside a javascript: link) is no headline; the h2 is."""
    share = ('<div class="share"><a class="icon-wechat" href="javascript:;"><div class="qrcode"><h4>微信扫一扫：分享</h4>'
             '<div class="code"></div></div></a></div>')
    a = extract(page(before=f"<h2>{TITLE}</h2><div>来源：某某网站 发布时间：2022-05-07 07:00</div>{share}",
                     body=_paras(NEWS), title="评论——某某网站"))
    assert a.title == TITLE


def test_the_headline_restated_without_its_columns_label_under_a_deck():
    """The headline is 深度关注丨…; inside the CMS's text block a centred deck, then the headline again without
    its column label, then the site's and the author's names: all header, the text starts under them."""
    head = "揭掉公款旅游的“隐身衣”"
    lines = ['<p align="center"><strong>借壳游、绕道游、搭车游……隐蔽变相、顶风违纪依然存在</strong></p>',
             f'<p align="center"><strong>{head}</strong></p>', '<p align="center"><span>某某网站 吕某</span></p>']
    a = extract(page(before=f"<h2>深度关注丨{head}</h2><div>2023-02-21 06:15　来源：某某网站</div>",
                     body=f'<div class="content">{"".join(lines)}{_paras(NEWS)}</div>', title=f"深度关注丨{head}_某某网站"))
    assert a.body == NEWS


def test_a_wiki_entry_is_no_article():
    """An encyclopedia entry (MediaWiki names itself in <meta name="generator">) is a reference page,
    not a dated article, however much running text it holds; the same page without that marker is."""
    from ribao.catalog import load_catalog
    from ribao.extract import ExtractError, extract_page

    raw = page(head='<meta name="generator" content="MediaWiki 1.38.0-wmf.23"/>', before=f"<h1>{TITLE}</h1>",
               body=_paras(NEWS), title=f"{TITLE} - 维基百科，自由的百科全书")
    got = extract_page(raw, "https://zh.example.org/wiki/1", catalog=load_catalog())
    assert isinstance(got, ExtractError) and "wiki" in got.reason
    assert extract(page(before=f"<h1>{TITLE}</h1>", body=_paras(NEWS), title=f"{TITLE}_某某网")).body == NEWS


def test_a_published_record_is_its_tables_rows():
    """A headline, its time and 来源 line, and a table of five label / value rows (a contract's record):
    the rows are the text. Without the time line the same table is no article (a query's result card)."""
    from ribao.catalog import load_catalog
    from ribao.extract import ExtractError, extract_page

    rows = [("采购人名称", "某某县体育中心"), ("中标（成交）供应商名称", "某某旅游汽车服务有限公司"), ("合同金额", "12万元 人民币"),
            ("合同期限", "1年"), ("合同签署时间", "2026-03-17 00:32:09")]
    table = "<table>" + "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows) + "</table>"
    title = "某某县体育中心学生用车服务采购项目合同"
    info = "<p><span>签署时间：2026-03-17 00:32</span><span>信息来源：某某市公共资源交易网</span></p>"
    a = extract(page(before="", body=f"<h4>{title}</h4>{info}<div>{table}</div>", title="某某公共资源交易平台"))
    assert ["".join(p.split()) for p in a.body] == ["".join(f"{k}{v}".split()) for k, v in rows]
    assert a.publisher == "某某市公共资源交易网"
    got = extract_page(page(before="", body=f"<h4>{title}</h4><div>{table}</div>", title="某某公共资源交易平台"),
                       "https://www.example-news.cn/2026/07/15/a1.html", catalog=load_catalog())
    assert isinstance(got, ExtractError)
