"""Web pages built from a report, the way portals, Word and LibreOffice write them.

Every page starts from the national layout (`renderers.annual.build`), so the report it must read
back to is known. Each writer wraps text its own way: nested span/font around single digits
(CMS editors), MsoNormal paragraphs with <o:p> (Word), a layout table around the whole page (old
portals), or the tables flattened into text lines (copied from a PDF into an editor).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from gongkai.renderers.annual import build
from gongkai.renderers.document import Cell, Document, Heading, Paragraph, Table
from gongkai.renderers.html import to_html_bytes
from gongkai.report.model import AnnualReport

Inline = Callable[[str], str]


def rendered(report: AnnualReport) -> bytes:
    """Our own renderer's page."""
    return to_html_bytes(build(report))


def cms_text(text: str) -> str:
    """An editor's markup: runs of digits split over nested tags ("12" -> <font>1</font>… "2")."""
    out: list[str] = []
    run = ""
    for ch in text + "\0":
        if ch.isdigit():
            run += ch
            continue
        if run:
            head, rest = run[0], run[1:]
            out.append(f'<span style="font-size:16px"><font face="仿宋">{head}</font></span>')
            if rest:
                out.append(f"<span>{rest}</span>")
            run = ""
        if ch != "\0":
            out.append(escape(ch))
    return "".join(out)


def word_text(text: str) -> str:
    """Word's runs: CJK in 仿宋_GB2312, Latin and digits in their own span, <o:p> at the end."""
    if not text:
        return "<span lang=EN-US><o:p>&nbsp;</o:p></span>"
    style = 'font-family:仿宋_GB2312;mso-hansi-font-family:"Times New Roman"'
    return f"<span style='{style}'>{escape(text)}</span><span lang=EN-US><o:p></o:p></span>"


def _cell(cell: Cell, inline: Inline, word: bool) -> str:
    spans = (f" rowspan={cell.rowspan}" if cell.rowspan > 1 else "") + (
        f" colspan={cell.colspan}" if cell.colspan > 1 else ""
    )
    text = cell.text
    if word:
        # a long label wraps: Word keeps each line as a paragraph of its own inside the cell
        cut = text.find("，", 10) + 1 if len(text) > 20 else 0
        parts = [text[:cut], text[cut:]] if cut else [text]
        inner = "".join(f"<p class=MsoNormal align=center>{inline(p)}</p>" for p in parts)
        style = "width:42.5pt;border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt"
        return f"<td width=57 valign=top{spans} style='{style}'>{inner}</td>"
    return f"<td{spans}>&nbsp;{inline(text)}\n</td>"


def _table(table: Table, inline: Inline, word: bool) -> str:
    opening = (
        "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0"
        " style='border-collapse:collapse;mso-yfti-tbllook:1184'>"
        if word
        else '<table border="1" cellspacing="0" style="width:100%"><tbody>'
    )
    rows = [
        "<tr>" + "".join(_cell(c, inline, word) for c in row if c is not None) + "</tr>"
        for row in table.grid
    ]
    return "\n".join([opening, *rows, "</table>" if word else "</tbody></table>"])


def body(doc: Document, inline: Inline, word: bool = False) -> str:
    """The report's blocks as markup, without the title."""
    p = "<p class=MsoNormal style='text-indent:32.0pt'>" if word else '<p style="text-indent:2em">'
    out = []
    for block in doc.blocks:
        if isinstance(block, Table):
            out.append(_table(block, inline, word))
        elif isinstance(block, Heading):
            tag = "h2" if word else "p"
            out.append(f"<{tag}><strong>{inline(block.text)}</strong></{tag}>")
        elif isinstance(block, Paragraph):
            for line in block.text.split("\n"):
                out.append(f"{p}\u3000\u3000{inline(line)}</p>")
    return "\n".join(out)


def portal(report: AnnualReport, encoding: str = "gb2312") -> bytes:
    """A county portal's article page: menus, breadcrumbs, related links to other years'
    reports, an info bar, print/close links and a footer with 网站标识码 and ICP."""
    doc = build(report)
    title = escape(doc.title)
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
 "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset={encoding}" />
<title>{title}_某某县人民政府</title>
<script type="text/javascript">var nav = "<p>一、总体情况</p>"; document.write("三、收到和处理");</script>
<style>.TRS_Editor p {{ line-height: 2; }}</style>
</head><body>
<div class="top"><div class="logo">某某县人民政府</div>
<table class="date"><tr><td>今天是</td><td>2024年1月20日</td><td>星期六</td></tr></table>
<ul class="menu"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt;
<a href="/zwgk/ndbg/">政府信息公开年报</a> &gt; {title}</div>
<div class="main">
<div class="left"><h3>相关链接</h3><ul>
<li><a href="/a/1.html">某某县2022年政府信息公开工作年度报告</a></li>
<li><a href="/a/2.html">某某县2021年政府信息公开工作年度报告</a></li></ul>
<form action="/search"><input name="q" /><button>搜索</button></form></div>
<div class="right">
<div class="title"><h1>{title}</h1>
<div class="info">发布时间：2024-01-20 来源：县政府办 浏览次数：<span id="c">123</span>
【字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div></div>
<!--正文开始 一、总体情况 -->
<div class="TRS_Editor" id="zoom">
{body(doc, cms_text)}
</div>
<div class="print">【<a href="javascript:print()">打印本页</a>】【<a href="javascript:close()">关闭窗口</a>】</div>
</div></div>
<div class="footer"><p>主办：某某县人民政府办公室 网站标识码：5107250001</p>
<p><a href="https://beian.miit.gov.cn">蜀ICP备12345678号</a> 版权所有</p></div>
<script>var _hmt = [];</script>
</body></html>
"""
    return page.encode("gb18030" if encoding in ("gb2312", "gbk") else encoding)


WORD_HEAD = """<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv=Content-Type content="text/html; charset=gb2312">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml><![endif]-->
<style>
<!--
p.MsoNormal {mso-style-parent:""; margin:0cm; text-align:justify; font-family:仿宋_GB2312;}
@page WordSection1 {size:595.3pt 841.9pt; margin:72.0pt 90.0pt 72.0pt 90.0pt;}
-->
</style>
</head>
"""


def word(report: AnnualReport) -> bytes:
    """Word's "save as web page" (filtered): gb2312, MsoNormal paragraphs, <o:p>, cells with
    width/valign/border styles and a wrapped label split over two paragraphs."""
    doc = build(report)
    title = (
        "<p class=MsoNormal align=center style='text-align:center'><b><span style='font-size:"
        f"22.0pt;font-family:方正小标宋简体'>{escape(doc.title)}</span></b>"
        "<span lang=EN-US><o:p></o:p></span></p>"
    )
    page = (
        WORD_HEAD
        + "<body lang=ZH-CN style='tab-interval:21.0pt'>\n<div class=WordSection1>\n"
        + title
        + "\n"
        + body(doc, word_text, word=True)
        + "\n</div>\n</body>\n</html>\n"
    )
    return page.encode("gb18030")


def layout_wrapped(report: AnnualReport) -> bytes:
    """An old portal: the whole page in a layout table, menu in the left cell, the report with
    its own tables in the right one."""
    doc = build(report)
    return f"""<html><head><meta charset="utf-8"><title>{escape(doc.title)}</title></head><body>
<table width="980" border="0"><tr>
<td width="200" valign="top"><a href="/">首页</a><br><a href="/zwgk/">政务公开</a><br>
<a href="/a/1.html">2022年政府信息公开工作年度报告</a></td>
<td valign="top"><table width="100%"><tr><td class="bt">{escape(doc.title)}</td></tr></table>
<div>{body(doc, escape)}</div></td>
</tr></table></body></html>
""".encode()


def flattened(report: AnnualReport, glue: str = "") -> bytes:
    """The tables pasted as text: one paragraph per row, the cells run together (`glue` "")."""
    doc = build(report)
    out = [f"<h1>{escape(doc.title)}</h1>"]
    for block in doc.blocks:
        if isinstance(block, Table):
            for row in block.grid:
                cells = [c.text for c in row if c is not None and c.text]
                out.append(f"<p>{escape(glue.join(cells))}</p>")
        elif isinstance(block, Heading | Paragraph):
            out.extend(f"<p>{escape(line)}</p>" for line in block.text.split("\n"))
    return ("<html><body><div class='content'>" + "\n".join(out) + "</div></body></html>").encode()


def big_table(rows: int) -> bytes:
    cells = "".join(f"<tr><td>第{i}行</td><td>{i}</td><td>{i * 2}</td></tr>" for i in range(rows))
    title = "<h1>某某县2023年政府信息公开工作年度报告</h1>"
    return f"<html><body>{title}<table>{cells}</table></body></html>".encode()


def deep(levels: int) -> bytes:
    """A report heading buried under many nested tags (lxml stops nesting at 255 levels)."""
    return (
        "<html><body>"
        + "<div><span>" * levels
        + "一、总体情况"
        + "</span></div>" * levels
        + "</body></html>"
    ).encode()
