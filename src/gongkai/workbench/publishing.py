"""主动公开: what a published document is, the review it passes before release, and the registers
behind table 二 (domain.md section 5). Pure: the workflow as a table, no storage.

A document goes draft → 初审 → 复审 → 终审 → published; any review step may reject it back to the
drafter with a reason, and a published document may be revoked. 保密审查 is recorded on the way
and the personal-data screen must be cleared before the final step.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

# 条例 第二十条 (15 items) and the 第二十一条 extras for 设区的市/县 and 乡镇.
CATEGORIES: Mapping[str, str] = {
    "art20_01": "行政法规、规章和行政规范性文件",
    "art20_02": "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    "art20_03": "国民经济和社会发展规划、专项规划、区域规划及相关政策",
    "art20_04": "国民经济和社会发展统计信息",
    "art20_05": "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    "art20_06": "实施行政处罚、行政强制的依据、条件、程序以及重大行政处罚决定",
    "art20_07": "财政预算、决算信息",
    "art20_08": "行政事业性收费项目及其依据、标准",
    "art20_09": "政府集中采购项目的目录、标准及实施情况",
    "art20_10": "重大建设项目的批准和实施情况",
    "art20_11": "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    "art20_12": "突发公共事件的应急预案、预警信息及应对情况",
    "art20_13": "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    "art20_14": "公务员招考的职位、名额、报考条件等事项以及录用结果",
    "art20_15": "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
    "art21_city": "市政建设、公共服务、公益事业、土地征收、房屋征收、治安管理、社会救助等（第二十一条）",
    "art21_township": "贯彻落实农业农村政策、农田水利工程建设运营、农村土地承包经营权流转、宅基地使用情况审核、土地征收、房屋征收、筹资筹劳、社会救助等（第二十一条）",
}


class Attribute(StrEnum):
    """公开属性."""

    PROACTIVE = "proactive"
    ON_REQUEST = "on_request"
    WITHHELD = "withheld"

    @property
    def label(self) -> str:
        return {"proactive": "主动公开", "on_request": "依申请公开", "withheld": "不予公开"}[self]


class Status(StrEnum):
    DRAFT = "draft"
    FIRST_REVIEW = "first_review"
    SECOND_REVIEW = "second_review"
    FINAL_REVIEW = "final_review"
    PUBLISHED = "published"
    REVOKED = "revoked"

    @property
    def label(self) -> str:
        return STATUS_NAMES[self]


STATUS_NAMES: Mapping[Status, str] = {
    Status.DRAFT: "草稿",
    Status.FIRST_REVIEW: "待初审",
    Status.SECOND_REVIEW: "待复审",
    Status.FINAL_REVIEW: "待终审",
    Status.PUBLISHED: "已发布",
    Status.REVOKED: "已撤回",
}


class Step(StrEnum):
    """One recorded step of the review trail (publication_reviews.step)."""

    SUBMIT = "submit"
    PASS_FIRST = "pass_first"
    PASS_SECOND = "pass_second"
    SECRECY = "secrecy"
    CLEAR_SCREEN = "clear_screen"
    PUBLISH = "publish"
    REJECT = "reject"
    REVOKE = "revoke"

    @property
    def label(self) -> str:
        return STEP_NAMES[self]


STEP_NAMES: Mapping[Step, str] = {
    Step.SUBMIT: "提交审核",
    Step.PASS_FIRST: "初审通过",
    Step.PASS_SECOND: "复审通过",
    Step.SECRECY: "保密审查",
    Step.CLEAR_SCREEN: "个人信息排查确认",
    Step.PUBLISH: "终审通过并发布",
    Step.REJECT: "退回",
    Step.REVOKE: "撤回已发布信息",
}


class DocKind(StrEnum):
    """The two registers of 第二十条第（一）项 in table 二."""

    REGULATION = "regulations"
    NORMATIVE = "normative_documents"

    @property
    def label(self) -> str:
        return {"regulations": "规章", "normative_documents": "行政规范性文件"}[self]


class FigureItem(StrEnum):
    """Yearly figures of table 二 that come from other systems, entered with their source."""

    LICENSING = "licensing"
    PUNISHMENT = "punishment"
    ENFORCEMENT = "enforcement"
    FEES = "fees"  # 万元

    @property
    def label(self) -> str:
        return {
            "licensing": "行政许可处理决定数量",
            "punishment": "行政处罚处理决定数量",
            "enforcement": "行政强制处理决定数量",
            "fees": "行政事业性收费金额（万元）",
        }[self]
