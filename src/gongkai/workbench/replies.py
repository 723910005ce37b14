"""What each outcome of an application rests on: the 条例 article, the decision sentence, the remedy.

One table for every result row of table 三 (2021 split rows, domain.md 1.5), so that the reply
letters, the screens and the tests read the same legal basis. Some rows have variants a decision
chooses by its details: 已主动公开 (第三十六条第（一）项) under `disclosed`, 不属于本机关负责公开
(第三十六条第（五）项) under `unavailable_not_held`, withdrawal (终止处理) under `other_other`.
Mappings that domain.md marks unconfirmed carry `confirmed=False`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from gongkai.errors import GongkaiError
from gongkai.report import format as fmt
from gongkai.workbench.lifecycle import RESULT_ROWS

REGULATION = "《中华人民共和国政府信息公开条例》"
FEE_MEASURE = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

REMEDY = (
    "如对本答复不服，可以在收到本答复之日起60日内依法申请行政复议，"
    "或者在6个月内依法向人民法院提起行政诉讼。"
)


def remedy_sentence(review_body: str | None = None) -> str:
    """The remedy sentence; names the 复议机关 when the agency has one configured."""
    body = (review_body or "").strip()
    if not body:
        return REMEDY
    return (
        f"如对本答复不服，可以在收到本答复之日起60日内向{body}依法申请行政复议，"
        "或者在6个月内依法向人民法院提起行政诉讼。"
    )


class Variant(StrEnum):
    ALREADY_PUBLIC = "already_public"  # disclosed: tell where it was published (第三十六条（一）)
    NOT_OURS = "not_ours"  # unavailable_not_held: another agency is competent (第三十六条（五）)
    WITHDRAWN = "withdrawn"  # other_other: the applicant withdrew, 终止处理


@dataclass(frozen=True, slots=True)
class Basis:
    """The legal basis of one outcome. `article` is empty when no article applies specifically;
    `decision` is what the agency decides, without the citation and the final 。"""

    row: str
    article: str
    decision: str
    law: str = REGULATION
    remedy: bool = True
    confirmed: bool = True
    variant: Variant | None = None

    @property
    def label(self) -> str:
        """The row's wording in table 三."""
        return fmt.APPLICATION_ROW_BY_KEY[self.row].label

    @property
    def citation(self) -> str:
        if not self.article and self.law == REGULATION:
            return "根据《中华人民共和国政府信息公开条例》有关规定"
        return f"根据{self.law}{self.article}的规定"

    def sentence(self, competent_agency: str | None = None) -> str:
        """The decision sentence of the letter: citation, decision, and the competent agency for
        第三十六条（五） when it is known."""
        text = f"{self.citation}，{self.decision}"
        if self.variant is Variant.NOT_OURS and competent_agency:
            text += f"。负责公开该政府信息的行政机关为{competent_agency}，请您向该机关申请"
        return text + "。"


def _b(row: str, article: str, decision: str, **kw: object) -> Basis:
    return Basis(row, article, decision, **kw)  # type: ignore[arg-type]


_WITHHELD = "本机关决定不予公开"
BASES: Mapping[str, Basis] = {
    b.row: b
    for b in (
        _b("disclosed", "第三十六条第（二）项", "本机关决定向您公开所申请的政府信息"),
        _b(
            "partially_disclosed",
            "第三十七条",
            "您所申请的信息中含有不应当公开的内容，但能够作区分处理，"
            "本机关向您提供可以公开的政府信息内容，并对不予公开的内容说明理由",
        ),
        _b(
            "withheld_state_secret",
            "第十四条",
            f"您所申请的政府信息属于依法确定为国家秘密的政府信息，{_WITHHELD}",
        ),
        _b(
            "withheld_prohibited_by_law",
            "第十四条",
            f"您所申请的政府信息属于法律、行政法规禁止公开的政府信息，{_WITHHELD}",
        ),
        _b(
            "withheld_security_stability",
            "第十四条",
            f"您所申请的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，{_WITHHELD}",
        ),
        _b(
            "withheld_third_party",
            "第十五条",
            "您所申请的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，"
            + _WITHHELD,
        ),
        _b(
            "withheld_internal_affairs",
            "第十六条第一款",
            "您所申请的政府信息属于行政机关的内部事务信息（人事管理、后勤管理、内部工作流程等），"
            + _WITHHELD,
        ),
        _b(
            "withheld_process_info",
            "第十六条第二款",
            "您所申请的政府信息属于行政机关在履行行政管理职能过程中形成的过程性信息"
            f"（讨论记录、过程稿、磋商信函、请示报告等），{_WITHHELD}",
        ),
        _b(
            "withheld_enforcement_files",
            "第十六条第二款",
            f"您所申请的政府信息属于行政执法案卷信息，{_WITHHELD}",
        ),
        _b(
            "withheld_admin_query",
            "第三十六条第（七）项",
            "您所申请的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定，"
            "请您依照有关法律、行政法规的规定办理",
            confirmed=False,
        ),
        _b(
            "unavailable_not_held",
            "第三十六条第（四）项",
            "经检索，本机关没有您所申请公开的政府信息，告知您该政府信息不存在",
        ),
        _b(
            "unavailable_needs_creation",
            "第三十八条",
            "您所申请的信息需要本机关对现有政府信息进行加工、分析，本机关不予提供",
        ),
        _b(
            "unavailable_unclear",
            "第三十条",
            "经补正，您的申请内容仍不明确，本机关无法确定您所申请的政府信息，无法提供",
        ),
        _b(
            "rejected_petition",
            "第三十九条第一款",
            "您以政府信息公开申请的形式进行信访、投诉、举报等活动，本机关不作为政府信息公开申请处理，"
            "您可以通过相应渠道提出",
        ),
        _b(
            "rejected_duplicate",
            "第三十六条第（六）项",
            "本机关已就您提出的政府信息公开申请作出答复，您重复申请公开相同政府信息，本机关不予重复处理",
        ),
        _b(
            "rejected_publication",
            "第三十九条第二款",
            "您申请提供的是政府公报、报刊、书籍等公开出版物，不作为政府信息公开申请处理，"
            "您可以通过公开发行渠道获取",
        ),
        _b(
            "rejected_excessive",
            "第三十五条",
            "您申请公开政府信息的数量、频次明显超过合理范围，本机关认为您说明的申请理由不合理，"
            "决定不予处理",
        ),
        _b(
            "rejected_confirmation",
            "",
            "您的申请是要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请，本机关不予处理",
            confirmed=False,
        ),
        _b(
            "other_no_correction",
            "第三十条",
            "您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请",
        ),
        _b(
            "other_fee_unpaid",
            "",
            "您逾期未缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请",
            law=FEE_MEASURE,
        ),
        _b(
            "other_other",
            "",
            "本机关终止处理您的政府信息公开申请",
            confirmed=False,
        ),
    )
}

VARIANTS: Mapping[tuple[str, Variant], Basis] = {
    ("disclosed", Variant.ALREADY_PUBLIC): replace(
        BASES["disclosed"],
        article="第三十六条第（一）项",
        decision="您所申请的政府信息已经主动公开，现告知您获取该政府信息的方式、途径",
        confirmed=False,  # counted under 予以公开: domain.md 7.3, assumed
        variant=Variant.ALREADY_PUBLIC,
    ),
    ("unavailable_not_held", Variant.NOT_OURS): replace(
        BASES["unavailable_not_held"],
        article="第三十六条第（五）项",
        decision="您所申请公开的信息不属于本机关负责公开",
        variant=Variant.NOT_OURS,
    ),
    ("other_other", Variant.WITHDRAWN): replace(
        BASES["other_other"],
        decision="您已撤回该政府信息公开申请，本机关终止处理",
        remedy=False,  # the applicant's own act: nothing decided against them
        variant=Variant.WITHDRAWN,
    ),
}

assert set(BASES) == set(RESULT_ROWS), "every result row of table 三 has its basis"


def basis(row: str, variant: Variant | str | None = None) -> Basis:
    """The basis of outcome `row` (a table-三 result row key), in the given variant."""
    found = BASES.get(row)
    if found is None:
        raise GongkaiError(
            f"未知的办理结果“{row}”。",
            "办理结果必须是年度报告表三（2021年格式）中的一行：" + "、".join(RESULT_ROWS) + "。",
        )
    if variant is None:
        return found
    known = variant in {v.value for v in Variant}
    chosen = VARIANTS.get((row, Variant(variant))) if known else None
    if chosen is None:
        raise GongkaiError(
            f"办理结果“{found.label}”没有“{variant}”的答复方式。",
            "可选的答复方式：" + "、".join(f"{r}/{v.value}" for r, v in VARIANTS) + "。",
        )
    return chosen
