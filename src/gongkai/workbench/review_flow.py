"""The review workflow of a 主动公开 document as a table (domain.md section 5, 条例 第十七条).

Pure: which step is allowed in which status and where it leads, what must be true before the
final step, and whether a document was published within its 20 working days (第二十六条).
The services in `publications` apply this to stored rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum
from typing import Any

from gongkai.errors import GongkaiError
from gongkai.workbench.publishing import Attribute, Status, Step

PUBLICATION_DAYS = 20  # 第二十六条: within 20 working days of being formed or changed


def _review_state(status: Status, passing: Step, to: Status) -> dict[Step, Status]:
    return {
        passing: to,
        Step.SECRECY: status,
        Step.CLEAR_SCREEN: status,
        Step.REJECT: Status.DRAFT,
    }


TRANSITIONS: Mapping[Status, Mapping[Step, Status]] = {
    Status.DRAFT: {Step.SUBMIT: Status.FIRST_REVIEW},
    Status.FIRST_REVIEW: _review_state(Status.FIRST_REVIEW, Step.PASS_FIRST, Status.SECOND_REVIEW),
    Status.SECOND_REVIEW: _review_state(
        Status.SECOND_REVIEW, Step.PASS_SECOND, Status.FINAL_REVIEW
    ),
    Status.FINAL_REVIEW: _review_state(Status.FINAL_REVIEW, Step.PUBLISH, Status.PUBLISHED),
    Status.PUBLISHED: {Step.REVOKE: Status.REVOKED},
    Status.REVOKED: {},
}

# Steps that vouch for the document: the person who drafted or submitted it may not take them.
VOUCHING_STEPS = frozenset(
    {Step.PASS_FIRST, Step.PASS_SECOND, Step.PUBLISH, Step.SECRECY, Step.CLEAR_SCREEN}
)
# Steps whose reason is the record of a decision against the document: never empty.
REASON_REQUIRED = frozenset({Step.REJECT, Step.REVOKE, Step.CLEAR_SCREEN})


class TransitionError(GongkaiError):
    """A step the document's current status does not allow."""


class NotPublishable(GongkaiError):
    """The final step is refused until the document may be released."""


def allowed_steps(status: Status) -> tuple[Step, ...]:
    return tuple(TRANSITIONS[status])


def next_status(status: Status, step: Step) -> Status:
    """Where `step` leads from `status`, or a TransitionError naming what is allowed instead."""
    target = TRANSITIONS[status].get(step)
    if target is not None:
        return target
    allowed = allowed_steps(status)
    if not allowed:
        hint = "已撤回的信息不再办理；如需重新发布，请新建一条信息。"
    else:
        hint = "当前可以办理：" + "、".join(s.label for s in allowed) + "。"
    raise TransitionError(f"该信息当前状态为“{status.label}”，不能办理“{step.label}”。", hint)


def check_publishable(
    attribute: Attribute,
    secrecy_reviewed: bool,
    screen_cleared: bool,
    hits: Iterable[Mapping[str, Any]],
) -> None:
    """Refuse the final step, one reason at a time, until release is allowed (第十七条)."""
    if attribute is not Attribute.PROACTIVE:
        raise NotPublishable(
            f"该信息的公开属性为“{attribute.label}”，不能主动发布。",
            "只有公开属性为“主动公开”的信息才能发布；如属性有误，请退回修改后重新提交。",
        )
    if not secrecy_reviewed:
        raise NotPublishable(
            "该信息尚未进行保密审查，不能发布。",
            "请审核人先完成保密审查并记录结果，再办理终审发布。",
        )
    if not screen_cleared:
        counts: dict[str, int] = {}
        for hit in hits:
            label = str(hit.get("label", "个人信息"))
            counts[label] = counts.get(label, 0) + 1
        found = "、".join(f"{label}{n}处" for label, n in counts.items()) or "个人信息"
        raise NotPublishable(
            f"个人信息排查发现{found}，尚未确认处理，不能发布。",
            "请退回经办人删除或遮盖后重新提交；如经核实可以公开，请审核人办理“个人信息排查确认”并写明理由。",
        )


class Timeliness(StrEnum):
    """Whether the 20-working-day publication duty was met, as of a given day."""

    NO_DUTY = "no_duty"  # not for proactive release, so no deadline
    PENDING = "pending"  # not published yet, still within the deadline
    OVERDUE = "overdue"  # not published and the deadline has passed
    ON_TIME = "on_time"
    LATE = "late"  # published after the deadline

    @property
    def label(self) -> str:
        return TIMELINESS_NAMES[self]


TIMELINESS_NAMES: Mapping[Timeliness, str] = {
    Timeliness.NO_DUTY: "无公开时限",
    Timeliness.PENDING: "未到期",
    Timeliness.OVERDUE: "已超期未公开",
    Timeliness.ON_TIME: "按时公开",
    Timeliness.LATE: "超期公开",
}


def timeliness(due_on: date | None, published_on: date | None, on: date) -> Timeliness:
    """The duty's state on day `on`: the due date itself is still in time."""
    if due_on is None:
        return Timeliness.NO_DUTY
    if published_on is not None:
        return Timeliness.LATE if published_on > due_on else Timeliness.ON_TIME
    return Timeliness.OVERDUE if on > due_on else Timeliness.PENDING
