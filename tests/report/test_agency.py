"""The agency-kind heuristic behind R04, R06 and R33."""

from __future__ import annotations

import pytest

from gongkai.report import agency


@pytest.mark.parametrize(
    ("name", "kind", "regulations"),
    [
        ("四川省人民政府", "government", True),
        ("广西壮族自治区人民政府", "government", True),
        ("北京市人民政府", "government", True),
        ("凉山彝族自治州人民政府", "government", True),
        ("绵阳市人民政府", "government", None),  # 设区的市 or 县级市
        ("淮安市洪泽区人民政府", "government", False),
        ("梓潼县人民政府", "government", False),
        ("县政府", "government", False),
        ("某某镇人民政府", "township", False),
        ("某某乡", "township", False),
        ("新华街道办事处", "subdistrict", False),
        ("梓潼县工业和信息化局", "department", False),
        ("县工信局", "department", False),
        ("绵阳市人民政府办公室", "department", False),
        ("市场监管局", "unknown", None),  # 市场 is not a 市
        ("国家统计局", "central", True),
        ("国家市场监督管理总局", "central", True),
        ("生态环境部", "central", True),
        ("审计署", "central", True),
        ("国家税务总局", "central", True),
        ("中国人民银行", "central", True),
        ("中华人民共和国海关总署", "central", True),
        ("国家乡村振兴局", "central", True),
        # Local branches of central bodies: no 规章 power, a department's deadline.
        ("国家税务总局梓潼县税务局", "department", False),
        ("国家税务总局四川省税务局", "department", False),
        ("国家税务总局成都市锦江区税务局", "department", False),
        ("中国人民银行梓潼县支行", "department", False),
        ("中国人民银行成都分行", "department", False),
        ("中华人民共和国成都海关", "department", False),
        ("国家外汇管理局四川省分局", "department", False),
        ("国家统计局绵阳调查队", "department", False),
        (None, "unknown", None),
        ("", "unknown", None),
    ],
)
def test_kind_and_regulation_power(name: str | None, kind: str, regulations: bool | None) -> None:
    assert agency.agency_kind(name) == kind
    assert agency.may_make_regulations(name) is regulations


def test_spaces_in_names_are_ignored() -> None:
    assert agency.agency_kind("梓潼县 人民政府") == "government"


@pytest.mark.parametrize(
    ("name", "by_march", "people_government"),
    [
        ("梓潼县人民政府", True, True),
        ("某某镇人民政府", False, True),
        ("梓潼县工业和信息化局", False, False),
        ("新华街道办事处", False, False),
        ("工作专班", None, False),
        ("国家税务总局梓潼县税务局", False, False),
        ("中国人民银行绵阳市中心支行", False, False),
    ],
)
def test_deadline_and_oversight(name: str, by_march: bool | None, people_government: bool) -> None:
    assert agency.files_by_march(name) is by_march
    assert agency.is_people_government(name) is people_government


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("梓潼县工业和信息化局", "梓潼县 工业和信息化局", True),
        ("梓潼县工业和信息化局", "梓潼县工信局", True),  # a short form
        ("绵阳市生态环境局", "四川省绵阳市生态环境局", True),
        ("梓潼县工业和信息化局", "梓潼县教育局", False),
        ("绵阳市生态环境局", "德阳市生态环境局", False),
        ("绵阳市生态环境局", None, None),
        ("", "绵阳市生态环境局", None),
    ],
)
def test_same_body(a: str | None, b: str | None, same: bool | None) -> None:
    assert agency.same_body(a, b) is same
    assert agency.same_body(b, a) is same
