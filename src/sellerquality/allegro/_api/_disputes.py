"""Disputes: issues and legacy disputes, with their chats, to Dispute records (DI-1…DI-5)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from ..._shown import show
from ...exceptions import InvalidValueError, PathProblem
from .._model import Dispute, DisputeReason, Order, check_opened_after_purchase
from ._common import (
    _ISSUE_STATUSES,
    _LEGACY_STATUSES,
    _ROLES,
    _SKIP,
    BuilderBase,
    Source,
    _Skip,
    _Unit,
    dispute_reason,
)
from ._model import ChatMessage, Issue, IssueChat, IssueHead, LegacyDispute, LegacyMessages, decode

__all__ = ["DisputeMapping"]


class DisputeMapping(BuilderBase):
    """Disputes: issues and legacy disputes, with their chats, to Dispute records (DI-1…DI-5)."""

    # -- disputes ------------------------------------------------------------------------

    def first_reply(
        self,
        unit: _Unit,
        pages: tuple[Source, ...],
        key: str,
        model: type[IssueChat | LegacyMessages],
        opened_at: datetime,
    ) -> datetime | None:
        """The first SELLER message at or after the opening (DI-3)."""
        replies: list[tuple[datetime, str]] = []
        for source in pages:
            body, problems = decode(source.data, model, source.at())
            unit.problems += problems
            messages: tuple[ChatMessage, ...] = ()
            if isinstance(body, IssueChat):
                messages = body.chat
            elif isinstance(body, LegacyMessages):
                messages = body.messages
            for index, message in enumerate(messages):
                where = source.at(f".{key}[{index}]")
                if message.author.role not in _ROLES:
                    self.note(
                        f"{where}.author.role",
                        f"unknown author role {show(message.author.role)}; not read as the seller",
                    )
                if message.author.role == "SELLER" and message.created_at >= opened_at:
                    replies.append((message.created_at, f"{where}.createdAt"))
        if not replies:
            return None
        first, unit.origins["first_reply_at"] = min(replies)
        return first

    def reason(self, unit: _Unit, text: str | None, suffix: str) -> DisputeReason:
        reason = dispute_reason(text)
        if reason is None:
            self.note(unit.path + suffix, f"unknown dispute subject {show(text)}; read as OTHER")
            return DisputeReason.OTHER
        return reason

    def issue(self, unit: _Unit) -> Dispute | _Skip | None:
        """One post-purchase issue -> :class:`Dispute` (DI-1…DI-5); claims make none."""
        head, problems = decode(unit.raw, IssueHead, unit.path)
        if head is None:
            unit.problems += problems
            return None
        if head.type != "DISPUTE":
            self.used.add(("issue_chats", head.id))
            if head.type != "CLAIM":
                self.note(
                    f"{unit.path}.type", f"unknown issue type {show(head.type)}; not a dispute"
                )
            return _SKIP
        issue, problems = decode(unit.raw, Issue, unit.path)
        if issue is None:
            unit.problems += problems
            return None
        unit.origins["opened_at"] = f"{unit.path}.openedDate"
        status = _ISSUE_STATUSES.get(issue.current_state.status)
        if status is None:
            unit.problem(
                ".currentState.status",
                f"{show(issue.current_state.status)} is not a dispute status "
                f"({', '.join(_ISSUE_STATUSES)}); the dispute's standing is unknown",
            )
        code = issue.reason.type if issue.reason is not None else None
        reason = self.reason(unit, code or issue.subject, ".reason.type" if code else ".subject")
        pages = self.pages(self.inputs.issue_chats.get(issue.id), "issue_chats", issue.id)
        first_reply_at = None
        if pages is not None:
            first_reply_at = self.first_reply(unit, pages, "chat", IssueChat, issue.opened_date)
        else:
            last = issue.chat.last_message if issue.chat is not None else None
            if last is None or last.status != "NEW":
                said = (
                    "no chat summary" if last is None else f"chat.lastMessage.status {last.status}"
                )
                unit.problem(
                    ".chat",
                    f"the seller's first reply is unknown: {said}, and no issue_chats body "
                    f"for {show(issue.id)} was given",
                )
        if status is None:
            return None
        order_id = issue.checkout_form.id if issue.checkout_form is not None else None
        return unit.build(
            lambda: Dispute(
                id=issue.id,
                opened_at=issue.opened_date,
                order_id=order_id,
                reason=reason,
                first_reply_at=first_reply_at,
                status=status,
            )
        )

    def legacy(self, unit: _Unit) -> Dispute | None:
        """One legacy ``/sale/disputes`` dispute -> :class:`Dispute` (DI-1…DI-5)."""
        dispute, problems = decode(unit.raw, LegacyDispute, unit.path)
        if dispute is None:
            unit.problems += problems
            return None
        status = _LEGACY_STATUSES.get(dispute.status)
        if status is None:
            unit.problem(
                ".status",
                f"{show(dispute.status)} is not a dispute status ({', '.join(_LEGACY_STATUSES)})",
            )
        # Opened: openedDate; older bodies lack it, and the buyer's first message opened it.
        opened_at = dispute.opened_date
        unit.origins["opened_at"] = f"{unit.path}.openedDate"
        if opened_at is None:
            opened_at = dispute.message.created_at
            unit.origins["opened_at"] = f"{unit.path}.message.createdAt"
        subject = dispute.subject.name if dispute.subject is not None else None
        reason = self.reason(unit, subject, ".subject.name")
        pages = self.pages(
            self.inputs.dispute_messages.get(dispute.id), "dispute_messages", dispute.id
        )
        first_reply_at = None
        if pages is not None:
            first_reply_at = self.first_reply(unit, pages, "messages", LegacyMessages, opened_at)
        elif dispute.messages_status != "NEW":
            unit.problem(
                ".messagesStatus",
                f"the seller's first reply is unknown: messagesStatus is "
                f"{dispute.messages_status}, and no dispute_messages body for "
                f"{show(dispute.id)} was given",
            )
        if status is None:
            return None
        order_id = dispute.checkout_form.id if dispute.checkout_form is not None else None
        return unit.build(
            lambda: Dispute(
                id=dispute.id,
                opened_at=opened_at,
                order_id=order_id,
                reason=reason,
                first_reply_at=first_reply_at,
                status=status,
            )
        )

    def disputes(self, orders: Sequence[Order]) -> list[Dispute]:
        """The disputes; one opened before its order's purchase is rejected (DI-2)."""
        made = self.collect(self.inputs.issues, "issues", self.issue, lambda d: d.id)
        made += self.collect(self.inputs.disputes, "disputes", self.legacy, lambda d: d.id)
        bought = {order.id: order.bought_at for order in orders}
        kept: list[Dispute] = []
        for path, raw, dispute in self.unique(made, lambda d: d.id):
            try:
                check_opened_after_purchase(dispute, bought)
            except InvalidValueError as exc:
                # Legacy bodies without openedDate were opened by the buyer's first message.
                opened = isinstance(raw, Mapping) and raw.get("openedDate") is not None
                where = f"{path}.openedDate" if opened else f"{path}.message.createdAt"
                self.reject(path, [PathProblem(where, str(exc))], raw)
                continue
            kept.append(dispute)
        return kept
