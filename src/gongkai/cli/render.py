"""Rendering commands: a report to DOCX/PDF/HTML/Markdown/text, two reports compared."""

from __future__ import annotations

from pathlib import Path

import click

from gongkai.cli import EXIT_INPUT, _console, _exit, _max_mb, _read, _report_error, _write_atomic
from gongkai.cli import main as cli
from gongkai.errors import GongkaiError, SettingsError
from gongkai.readers import ReaderOptions
from gongkai.renderers import SUFFIXES, format_name, render_comparison, render_report
from gongkai.report.drafting import draft
from gongkai.report.model import AnnualReport

_FORMATS = "docx|pdf|html|md|txt"


def _target_format(to: str | None, output: Path) -> str:
    if to:
        return format_name(to)
    if not output.suffix:
        raise SettingsError(
            f"无法从输出文件名 {output.name} 判断格式", f"请用 --to 指定格式（{_FORMATS}）"
        )
    return format_name(output.suffix)


def _load(name: str, max_mb: int) -> AnnualReport:
    return _read(name, ReaderOptions(max_bytes=max_mb * 1024 * 1024)).report


def _done(output: Path, key: str, size: int) -> None:
    _console().print(f"已生成 {output}（{key.upper()}，{size / 1024:.1f} KB）")


def _suffix_warning(output: Path, key: str) -> None:
    if output.suffix and output.suffix.lower() != SUFFIXES[key]:
        _console(stderr=True).print(
            f"注意：输出格式为 {key.upper()}，但文件扩展名是 {output.suffix}"
        )


@cli.command()
@click.argument("report")
@click.option("--to", "to", metavar="FORMAT", help=f"输出格式：{_FORMATS}（默认按 -o 的扩展名）")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="输出文件")
@click.option(
    "--draft",
    "with_draft",
    is_flag=True,
    help="正文缺少申请、复议诉讼件数或信息处理费的表述时，按表格数字补写（不改动原有文字）",
)
@_max_mb
def render(report: str, to: str | None, output: Path, with_draft: bool, max_mb: int) -> None:
    """把年报生成为可发布的文件（Word、PDF、网页、Markdown 或纯文本），采用国家规定的表格样式。

    REPORT 为标准 JSON，或 gongkai parse 能读取的任何年报文件；为 - 时从标准输入读取。
    """
    try:
        key = _target_format(to, output)
        model = _load(report, max_mb)
        data = render_report(draft(model) if with_draft else model, key)
        _write_atomic(output, data)
    except Exception as err:
        _report_error(report, err)
        _exit(EXIT_INPUT if isinstance(err, GongkaiError) else 3)
    _suffix_warning(output, key)
    _done(output, key, len(data))


@cli.command()
@click.argument("last")
@click.argument("this")
@click.option("--to", "to", metavar="FORMAT", help=f"输出格式：{_FORMATS}（默认按 -o 的扩展名）")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="输出文件")
@_max_mb
def compare(last: str, this: str, to: str | None, output: Path, max_mb: int) -> None:
    """对照两份年报（如上年与本年），列出所有变化的单元格，并在各表中标出。

    LAST、THIS 为标准 JSON 或 gongkai parse 能读取的年报文件；输出建议用 .html 或 .docx。
    """
    try:
        key = _target_format(to, output)
        before, after = _load(last, max_mb), _load(this, max_mb)
        data = render_comparison(before, after, key)
        _write_atomic(output, data)
    except Exception as err:
        _report_error(f"{last}、{this}", err)
        _exit(EXIT_INPUT if isinstance(err, GongkaiError) else 3)
    _suffix_warning(output, key)
    _done(output, key, len(data))
