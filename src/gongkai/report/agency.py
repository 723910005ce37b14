"""What kind of body an agency is, guessed from its name.

The checker needs this for three rules: the publication deadline (a 县级以上地方人民政府's own report
is due on 31 March, everything else on 31 January), the 工作考核/社会评议/责任追究 paragraph that
every 人民政府 owes, and the power to make 规章, which only 国务院部门 and the 人民政府 of a
province, 自治区, 直辖市, 设区的市 or 自治州 have (立法法 第九十一、九十三条). Names are all we have,
so every answer here is a heuristic: the rules that use it are warnings, and "unknown" is a valid
answer that makes them stay silent.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Literal

AgencyKind = Literal["central", "government", "township", "subdistrict", "department", "unknown"]
"""`government` is a 县级以上地方人民政府; `township` a 乡、镇人民政府; `subdistrict` a 街道办事处."""

MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")

_SPACE = re.compile(r"\s+")
_GOVERNMENT = re.compile(r"(.*?)(?:人民政府|政府)$")
_TOWNSHIP = re.compile(r"(?:镇|乡|苏木)$")
_SUBDISTRICT = re.compile(r"街道(?:办事处)?(?:办)?$")
_CENTRAL_PREFIX = re.compile(r"^(?:国务院|国家|中国|中华人民共和国)")
_CENTRAL_SUFFIX = re.compile(r"(?:部|署|总局|银行)$")
# A place-name unit somewhere in the name marks a local body. 市场/城市/社区 contain unit
# characters without being places, so they are removed before looking.
_NOT_PLACES = re.compile(r"市场|城市|社区|园区|景区|开发区|新区|乡村")
# How the local branches of central bodies end when their place is named without a unit
# ("中国人民银行成都分行", "中华人民共和国成都海关", "国家统计局绵阳调查队").
_BRANCH = re.compile(r".(?:税务局|分行|支行|分局|海关|监管局|调查队)$")
_LOCAL_UNIT = re.compile(r"[省市县区州旗盟镇乡]|街道|自治区")
# What precedes 人民政府 tells the level: 规章 power (True), none (False), or undecidable (None).
_POWER_BY_ENDING: tuple[tuple[re.Pattern[str], bool | None], ...] = (
    (re.compile(r"(?:省|自治区|自治州|州)$"), True),
    (re.compile(r"(?:县|区|旗|特区|林区|镇|乡|苏木)$"), False),
    (re.compile(r"市$"), None),  # 设区的市 (power) and 县级市 (none) share the ending
)


def normalise(name: str) -> str:
    return _SPACE.sub("", name)


def same_body(a: str | None, b: str | None) -> bool | None:
    """Whether two names may be the same body; None when either is unknown.

    Conservative, since a wrong "different" stops the cross-year rules: once spaces are removed,
    names count as the same when the shorter one's characters appear in order in the longer one.
    That covers equal names, a name within a longer one ("四川省绵阳市生态环境局") and the usual short
    forms ("梓潼县工信局" for "梓潼县工业和信息化局"); another place or another body is different.
    """
    if not a or not b:
        return None
    short, long = sorted((normalise(a), normalise(b)), key=len)
    rest = iter(long)
    return all(char in rest for char in short)


def _local_branch(rest: str) -> bool:
    """What follows a central prefix names a local unit: "国家税务总局梓潼县税务局", "…成都海关".

    Such a branch is a department for the checker: it makes no 规章 and reports by 31 January.
    """
    return bool(_LOCAL_UNIT.search(_NOT_PLACES.sub("", rest)) or _BRANCH.search(rest))


@lru_cache(maxsize=16384)  # a pure function of the name, asked for every agency of a board
def agency_kind(name: str | None) -> AgencyKind:
    if not name:
        return "unknown"
    name = normalise(name)
    central = _CENTRAL_PREFIX.match(name)
    if central:
        return "department" if _local_branch(name[central.end() :]) else "central"
    government = _GOVERNMENT.fullmatch(name)
    if government:
        place = government.group(1)
        if not place:
            return "unknown"
        return "township" if _TOWNSHIP.search(place) else "government"
    if _TOWNSHIP.search(name):
        return "township"
    if _SUBDISTRICT.search(name):
        return "subdistrict"
    if _LOCAL_UNIT.search(_NOT_PLACES.sub("", name)):
        return "department"
    if _CENTRAL_SUFFIX.search(name):
        return "central"
    return "unknown"


def is_people_government(name: str | None) -> bool:
    """A 人民政府 of any level, which must report 工作考核、社会评议和责任追究 (条例 第五十条)."""
    return agency_kind(name) in ("government", "township")


def files_by_march(name: str | None) -> bool | None:
    """True when the report is a 县级以上地方人民政府's own (due 31 March), None when unknown."""
    kind = agency_kind(name)
    if kind == "unknown":
        return None
    return kind == "government"


def publication_deadlines(year: int) -> tuple[date, date]:
    """The two deadlines for the report on `year`: 31 January (departments and every body other
    than a 县级以上地方人民政府) and 31 March (a 县级以上地方人民政府's own report)."""
    return date(year + 1, 1, 31), date(year + 1, 3, 31)


@lru_cache(maxsize=16384)  # asked for every agency of a board, each request
def publication_deadline(name: str | None, year: int) -> date:
    """The deadline of `name`'s report on `year`; a body its name does not place is held to the
    later one (the checker then says that the other may apply)."""
    january, march = publication_deadlines(year)
    return january if files_by_march(name) is False else march


def may_make_regulations(name: str | None) -> bool | None:
    """Whether the body may make 规章; None when the name does not tell (e.g. "X市人民政府")."""
    kind = agency_kind(name)
    if kind == "central":
        return True
    if kind in ("township", "subdistrict", "department"):
        return False
    if kind == "unknown" or name is None:
        return None
    place = normalise(name).removesuffix("人民政府").removesuffix("政府")
    if place in MUNICIPALITIES:
        return True
    for pattern, power in _POWER_BY_ENDING:
        if pattern.search(place):
            return power
    return None
