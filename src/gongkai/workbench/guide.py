"""The 政府信息公开指南 of an agency (条例 第十二条): its own text, or a default written from the rules.

An agency that has not written its guide still owes the public one, so the default states what
the 条例 and the fee measure say for every agency: what is published proactively and where, how to
apply, the time limits, the fees and the remedies. Plain text, one paragraph per item.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.workbench.orm import Agency
from gongkai.workbench.review_flow import PUBLICATION_DAYS

REPLY_DAYS = 20  # 第三十三条: 20 working days from receipt
EXTENSION_DAYS = 20  # extendable once by up to 20 working days with approval


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]


def guide_of(agency: Agency) -> tuple[Section, ...]:
    """The agency's guide: its own text when it wrote one, otherwise the default."""
    own = (agency.guide or "").strip()
    if not own:
        return default_guide(agency.name)
    paragraphs = tuple(line.strip() for line in own.splitlines() if line.strip())
    return (Section("", paragraphs),)


def default_guide(name: str) -> tuple[Section, ...]:
    """The guide every agency can stand behind until it writes its own (addresses left to it)."""
    return (
        Section(
            "一、总则",
            (
                f"为了保障公民、法人和其他组织依法获取政府信息，根据《中华人民共和国政府信息公开条例》"
                f"（以下简称《条例》），编制本指南。本指南适用于{name}。",
                "申请人需要获取政府信息的，请先查阅本机关的政府信息公开目录；"
                "已经主动公开的信息，无需另行申请。",
            ),
        ),
        Section(
            "二、主动公开",
            (
                "（一）公开范围：《条例》第二十条、第二十一条规定的政府信息，包括本机关的规章和行政规范性文件，"
                "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名，规划、统计、行政许可、"
                "行政处罚和行政强制、财政预算决算、行政事业性收费等信息。",
                "（二）公开方式：通过本网站的政府信息公开目录集中发布，并视情况通过政府公报、新闻发布会、"
                "报刊、广播、电视、新媒体等途径公开；同时向国家档案馆、公共图书馆提供。",
                f"（三）公开时限：属于主动公开范围的政府信息，自该信息形成或者变更之日起"
                f"{PUBLICATION_DAYS}个工作日内予以公开。",
                "（四）政府信息公开目录：每条信息列明索引号、名称、内容概述和生成日期，可按名称、内容和类别检索。",
            ),
        ),
        Section(
            "三、依申请公开",
            (
                f"（一）受理机构：{name}负责政府信息公开工作的机构受理本机关的政府信息公开申请。",
                "（二）申请方式：申请人可以通过本网站“在线申请”提交申请，也可以当面提交、邮寄或者传真书面申请；"
                "采用书面形式确有困难的，可以口头提出，由受理机构代为填写申请。"
                "申请内容应当包括：申请人的姓名或者名称、身份证明、联系方式；申请公开的政府信息的名称、"
                "文号或者便于行政机关查询的其他特征性描述；申请公开的政府信息的形式要求，包括获取信息的方式、途径。",
                "（三）收到申请的日期：当面提交的，以提交之日为收到申请之日；邮寄的，以本机关签收之日为收到申请之日；"
                "通过互联网渠道或者传真提交的，以双方确认之日为收到申请之日。",
                "（四）补正：申请内容不明确的，本机关自收到申请之日起7个工作日内一次性告知申请人作出补正，"
                "说明需要补正的事项和合理的补正期限；答复期限自收到补正的申请之日起计算。",
                f"（五）答复期限：能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起"
                f"{REPLY_DAYS}个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，"
                f"延长的期限最长不超过{EXTENSION_DAYS}个工作日。征求第三方和其他机关意见所需时间不计算在答复期限内。",
                "（六）查询办理进度：在线提交申请后，系统给出查询码；凭查询码可在“申请进度查询”中查看办理状态。",
            ),
        ),
        Section(
            "四、收费",
            (
                "本机关依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，"
                "依照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）按件或者按量收取信息处理费，"
                "二者择一，不重复收取。",
                "按件计收：同一申请人一个自然月内累计申请10件以下（含10件）的不收费；11至30件（含30件）的部分，"
                "每件100元；31件以上的部分，以10件为一档，每增加一档，收费标准提高100元/件。",
                "按量计收：同一申请的信息30页以下（含30页）的不收费；31至100页（含100页）的部分，每页10元；"
                "101至200页（含200页）的部分，每页20元；201页以上的部分，每页40元。",
                "需要收费的，本机关发出收费通知，说明收费依据、标准、数额和缴纳方式；申请人自收到通知之日起"
                "20个工作日内缴纳，逾期未缴纳的视为放弃申请。",
            ),
        ),
        Section(
            "五、救济途径",
            (
                "公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关"
                "或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。",
                "申请行政复议的，一般应当自知道该行政行为之日起60日内提出；提起行政诉讼的，"
                "一般应当自知道或者应当知道作出行政行为之日起6个月内提出。",
            ),
        ),
    )
