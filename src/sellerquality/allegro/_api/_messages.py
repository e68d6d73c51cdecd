"""Messages: message threads to buyer Message records (SQ-B5, SQ-B6)."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from ..._shown import show
from .._model import Message
from ._common import _MESSAGE_COUNTED, _MESSAGE_NOT_DELIVERED, BuilderBase, Sources, _Unit
from ._model import JustId, ThreadMessage, decode

__all__ = ["MessageMapping"]


class MessageMapping(BuilderBase):
    """Messages: message threads to buyer Message records (SQ-B5, SQ-B6)."""

    # -- messages ------------------------------------------------------------------------

    def thread(self, given: Sources) -> list[Message] | None:
        """One thread's messages -> a :class:`Message` per buyer message (SQ-B5, SQ-B6).

        Each buyer message is answered by the seller's next message in the
        thread. A message Allegro is still verifying, blocked or dismissed
        never reached the other side: it neither asks nor answers.
        """
        unit = _Unit(given.label, [source.data for source in given.pages])
        read: list[tuple[datetime, str, bool, str]] = []
        for source in given.pages:
            for path, raw in self.items([source], "messages", unit):
                message, problems = decode(raw, ThreadMessage, path)
                unit.problems += problems
                if message is None:
                    continue
                if message.status in _MESSAGE_NOT_DELIVERED:
                    continue
                if message.status not in _MESSAGE_COUNTED:
                    self.note(
                        f"{path}.status",
                        f"unknown message status {show(message.status)}; read as delivered",
                    )
                read.append((message.created_at, message.id, message.author.is_interlocutor, path))
        messages: list[Message] = []
        waiting: list[tuple[datetime, str, str]] = []
        for at, ident, from_buyer, path in sorted(read):
            if from_buyer:
                waiting.append((at, ident, path))
                continue
            messages += self.answered(unit, waiting, (at, path))
            waiting = []
        messages += self.answered(unit, waiting, None)
        if unit.problems:
            self.reject(unit.path, unit.problems, unit.raw)
            return None
        return messages

    def answered(
        self,
        unit: _Unit,
        waiting: list[tuple[datetime, str, str]],
        reply: tuple[datetime, str] | None,
    ) -> list[Message]:
        """The buyer messages ``waiting``, answered by ``reply`` (its time and path) if any.

        A message that breaks a rule of :class:`Message` (an empty id, an
        instant outside the supported years) is a problem of its thread.
        """
        made: list[Message] = []
        for received_at, ident, path in waiting:
            unit.origins = {
                "id": f"{path}.id",
                "received_at": f"{path}.createdAt",
                "replied_at": f"{reply[1]}.createdAt" if reply is not None else path,
            }
            replied_at = reply[0] if reply is not None else None
            message = unit.build(
                partial(Message, id=ident, received_at=received_at, replied_at=replied_at),
                always=True,
            )
            if message is not None:
                made.append(message)
        return made

    def messages(self) -> list[Message]:
        listed = self.collect(self.inputs.threads, "threads", self.thread_id, lambda t: t)
        for path, _, ident in listed:
            if ident not in self.inputs.thread_messages:
                self.note(
                    path,
                    f"no thread_messages body for thread {show(ident)}; its messages are unknown",
                )
        made: list[tuple[str, Any, Message]] = []
        for given in self.inputs.thread_messages.values():
            made.extend((given.label, message, message) for message in self.thread(given) or ())
        return [message for _, _, message in self.unique(made, lambda m: m.id)]

    def thread_id(self, unit: _Unit) -> str | None:
        thread, problems = decode(unit.raw, JustId, unit.path)
        unit.problems += problems
        return thread.id if thread is not None else None
