"""Deadlines in Polish: dispute timelines, the to-do list, the discussion cap and its page.

Every expected text is worked out by hand from the rule and from Polish
grammar's three plural forms (1 godzina; 2-4, 22-24 godziny; 0, 5-21, 25
godzin), then checked against English after the Polish block, which must be
what it always was.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import attrs
import pytest

from sellerquality import WARSAW, Money, dump, language
from sellerquality.allegro import (
    EDITION_2022,
    EDITION_2024_04_15,
    Deadline,
    DeadlineKind,
    Dispute,
    DisputeEventKind,
    DisputeReason,
    DisputeStatus,
    Order,
    Rulebook,
    SellerActivity,
    check_discussion_limit,
    deadlines,
    dispute_events,
)
from sellerquality.cli import main
from sellerquality.examples import AS_OF, load_example

# Bought on Friday 3 May 2024 (a public holiday) at noon; the parcel did not
# arrive, and the buyer opened a dispute on Monday 6 May at 10:00.
PURCHASED = datetime(2024, 5, 3, 12, tzinfo=WARSAW)
LOST = Dispute(
    id="d-1",
    opened_at=datetime(2024, 5, 6, 10, tzinfo=WARSAW),
    reason=DisputeReason.NOT_RECEIVED,
)
ORDER = Order(id="o-1", bought_at=PURCHASED, total=Money("25.00"))
MONDAY_NOON = datetime(2024, 5, 6, 12, tzinfo=WARSAW)

BUSINESS_DAY = "w dni robocze (bez weekendów i polskich świąt ustawowych)"


def _unresolved(count: int) -> SellerActivity:
    """``count`` disputes, d-1 opened 1 April 2024 10:00, d-2 a day later, and so on.

    The buyer marks each one unresolved 15 days after its opening (from 14
    it may, DI-4): d-k on (15 + k) April at 10:00.
    """
    disputes = []
    for k in range(1, count + 1):
        opened = datetime(2024, 4, k, 10, tzinfo=WARSAW)
        disputes.append(
            Dispute(
                id=f"d-{k}",
                opened_at=opened,
                status=DisputeStatus.UNRESOLVED,
                closed_at=opened + timedelta(days=15),
            )
        )
    return SellerActivity(disputes=disputes)


def _reply_within(rulebook: Rulebook, within: timedelta) -> Rulebook:
    """``rulebook`` with another time to reply."""
    return attrs.evolve(rulebook, lifecycle=attrs.evolve(rulebook.lifecycle, reply_within=within))


def _entry(entries: tuple[Deadline, ...], kind: DeadlineKind, record_id: str) -> Deadline:
    return next(e for e in entries if e.kind is kind and e.record_id == record_id)


class TestDisputeTimeline:
    def test_every_row_in_polish(self) -> None:
        """DI-1…DI-5 under T&C 2024-04-15: the lost parcel's timeline, hand-worked.

        A dispute may be opened from 1 hour after the purchase until 180
        calendar days after it (3 May + 180 days = 30 October, winter time
        by then); the first reply is due 24 business hours after Monday 10:00,
        Tuesday 10:00 ("24 godziny": 24 ends in 4 and is not 14); the buyer
        may mark it unresolved 7 days after opening (a parcel that did not
        arrive); unmarked, it expires 30 days after opening (5 June).
        """
        with language("pl"):
            events = dispute_events(LOST, purchased_at=PURCHASED, rulebook=EDITION_2024_04_15)
        assert [(e.kind, e.at.isoformat(), e.description) for e in events] == [
            (
                DisputeEventKind.PURCHASED,
                "2024-05-03T12:00:00+02:00",
                (
                    "Zakup; dyskusję można otworzyć od 2024-05-03T13:00:00+02:00 "
                    "do 2024-10-30T12:00:00+01:00"
                ),
            ),
            (
                DisputeEventKind.OPENED,
                "2024-05-06T10:00:00+02:00",
                "Kupujący otwiera dyskusję (przesyłka nie dotarła)",
            ),
            (
                DisputeEventKind.REPLY_DUE,
                "2024-05-07T10:00:00+02:00",
                (
                    f"Termin pierwszej odpowiedzi sprzedającego (24 godziny {BUSINESS_DAY} "
                    "od otwarcia)"
                ),
            ),
            (
                DisputeEventKind.MAY_MARK_UNRESOLVED,
                "2024-05-13T10:00:00+02:00",
                "Od teraz kupujący może oznaczyć dyskusję jako nierozwiązaną (7 dni od otwarcia)",
            ),
            (
                DisputeEventKind.EXPIRED,
                "2024-06-05T10:00:00+02:00",
                "Nieoznaczona dyskusja wygasa i zostaje uznana za rozwiązaną (30 dni od otwarcia)",
            ),
        ]

    def test_english_is_unchanged_after_a_polish_block(self) -> None:
        """DI-3, DI-4: the same rows in English once the Polish block has ended."""
        with language("pl"):
            dispute_events(LOST, purchased_at=PURCHASED, rulebook=EDITION_2024_04_15)
        events = dispute_events(LOST, purchased_at=PURCHASED, rulebook=EDITION_2024_04_15)
        by_kind = {e.kind: e.description for e in events}
        assert by_kind[DisputeEventKind.REPLY_DUE] == (
            "The seller's first reply is due (24 hours on business days (weekends and Polish "
            "public holidays excluded) after opening)"
        )
        assert by_kind[DisputeEventKind.MAY_MARK_UNRESOLVED] == (
            "From now the buyer may mark the dispute unresolved (7 days after opening)"
        )

    @pytest.mark.parametrize(
        ("within", "polish", "english"),
        [
            (timedelta(hours=1), "1 godzina", "1 hour"),
            (timedelta(minutes=90), "1,5 godziny", "1.5 hours"),
            (timedelta(hours=22), "22 godziny", "22 hours"),
            (timedelta(hours=12), "12 godzin", "12 hours"),
            (timedelta(hours=48), "48 godzin", "48 hours"),
        ],
    )
    def test_reply_time_takes_the_form_of_its_number(
        self, within: timedelta, polish: str, english: str
    ) -> None:
        """DI-3 on edition 2022's clock of elapsed hours, with other times to reply.

        Polish: 1 takes the first form; 22 ends in 2 and is not 12, the
        second; 12 is a teen and 48 ends in 8, the third; a fraction takes
        the form 2 takes, with a decimal comma.
        """
        rulebook = _reply_within(EDITION_2022, within)
        dispute = Dispute(id="d-1", opened_at=datetime(2022, 3, 4, 9, 30, tzinfo=WARSAW))
        purchased = datetime(2022, 3, 1, 12, tzinfo=WARSAW)
        with language("pl"):
            events = dispute_events(dispute, purchased_at=purchased, rulebook=rulebook)
        due = next(e for e in events if e.kind is DisputeEventKind.REPLY_DUE)
        assert (
            due.description == f"Termin pierwszej odpowiedzi sprzedającego ({polish} od otwarcia)"
        )
        events = dispute_events(dispute, purchased_at=purchased, rulebook=rulebook)
        due = next(e for e in events if e.kind is DisputeEventKind.REPLY_DUE)
        assert due.description == f"The seller's first reply is due ({english} after opening)"


class TestToDoList:
    def test_dispute_reply_and_expiry(self) -> None:
        """DI-3 and DI-5 at Monday noon: reply by Tuesday 10:00; marking possible from 13 May."""
        activity = SellerActivity(disputes=[LOST], orders=[ORDER])
        with language("pl"):
            entries = deadlines(activity, as_of=MONDAY_NOON, rulebook=EDITION_2024_04_15)
        reply = _entry(entries, DeadlineKind.DISPUTE_REPLY, "d-1")
        assert reply.action == (
            f"Odpowiedz kupującemu w dyskusji d-1: termin pierwszej odpowiedzi to 24 godziny "
            f"{BUSINESS_DAY} od otwarcia; spóźnione odpowiedzi mogą też skutkować "
            "ostrzeżeniem lub blokadą konta (DI-6)"
        )
        expiry = _entry(entries, DeadlineKind.DISPUTE_EXPIRY, "d-1")
        assert expiry.action == (
            "Rozwiąż problem kupującego w dyskusji d-1 (jeśli nie możesz dostarczyć, zwróć "
            "pieniądze lub wyślij towar ponownie): kupujący może oznaczyć dyskusję jako "
            "nierozwiązaną od 2024-05-13T10:00:00+02:00; nieoznaczona wygaśnie z upływem "
            "terminu i zostanie uznana za rozwiązaną"
        )

    def test_dispute_the_buyer_may_already_mark(self) -> None:
        """DI-4, DI-5 on 20 May: 7 days have passed since the opening, the buyer may mark it."""
        activity = SellerActivity(disputes=[LOST], orders=[ORDER])
        as_of = datetime(2024, 5, 20, tzinfo=WARSAW)
        with language("pl"):
            entries = deadlines(activity, as_of=as_of, rulebook=EDITION_2024_04_15)
        assert _entry(entries, DeadlineKind.DISPUTE_EXPIRY, "d-1").action == (
            "Rozwiąż problem kupującego w dyskusji d-1 (jeśli nie możesz dostarczyć, zwróć "
            "pieniądze lub wyślij towar ponownie): kupujący może już oznaczyć dyskusję jako "
            "nierozwiązaną; nieoznaczona wygaśnie z upływem terminu i zostanie uznana za "
            "rozwiązaną"
        )
        entries = deadlines(activity, as_of=as_of, rulebook=EDITION_2024_04_15)
        assert _entry(entries, DeadlineKind.DISPUTE_EXPIRY, "d-1").action == (
            "Solve the buyer's problem in dispute d-1 (refund or resend if you cannot "
            "deliver): the buyer may already mark it unresolved; unmarked, it expires and is "
            "resolved at the due instant"
        )

    def test_rating_window(self) -> None:
        """T&C 2024-04-15: the order bought on 3 May may be rated for 90 days ("90 dni")."""
        activity = SellerActivity(orders=[ORDER])
        with language("pl"):
            entries = deadlines(activity, as_of=MONDAY_NOON, rulebook=EDITION_2024_04_15)
        window = _entry(entries, DeadlineKind.RATING_WINDOW, "o-1")
        assert window.due.isoformat() == "2024-08-01T12:00:00+02:00"
        assert window.action == (
            "Zamówienie o-1 nie ma jeszcze oceny: gdy kupujący otrzyma przedmiot, możesz "
            "poprosić go o ocenę; Allegro odrzuca oceny wystawione później niż 90 dni po "
            "zakupie (Regulamin z 2024-04-15); nigdy nie wywieraj presji i nie oferuj niczego "
            "w zamian za ocenę"
        )

    def test_broken_cap_on_the_list(self) -> None:
        """DI-4 (T&C 2024-04-15): 7 counted, 2 allowed; the cap holds again after d-5 leaves.

        d-5 was marked on 20 April at 10:00 and counts for 60 days, until
        19 June 10:00; then only d-6 and d-7 are left, 2 of the 2 allowed.
        """
        as_of = datetime(2024, 6, 1, tzinfo=WARSAW)
        with language("pl"):
            entries = deadlines(_unresolved(7), as_of=as_of, rulebook=EDITION_2024_04_15)
        cap = _entry(entries, DeadlineKind.DISCUSSION_LIMIT, "d-1")
        assert cap.action == (
            "Nierozwiązane dyskusje w ostatnich 60 dniach: 7 z 2 dozwolonych przy 0 umowach, "
            "więc limit jest przekroczony; bez nowych dyskusji limit znów będzie zachowany po "
            "2024-06-19T10:00:00+02:00. Rozwiąż każdą otwartą dyskusję, zanim kupujący będzie "
            "mógł oznaczyć ją jako nierozwiązaną; najstarsza z liczonych, d-1, przestaje się "
            "liczyć po terminie"
        )


class TestDiscussionCap:
    def test_one_more_allowed(self) -> None:
        """DI-4 (T&C 2024-04-15): 1 of 2 with 1 agreement, "przy 1 umowie" (the first form)."""
        activity = attrs.evolve(_unresolved(1), orders=[ORDER])
        with language("pl"):
            result = check_discussion_limit(activity, as_of=datetime(2024, 6, 1, tzinfo=WARSAW))
        assert result.description.rpartition("; ")[2] == (
            "teraz 1 z 2 dozwolonych przy 1 umowie, więc możesz mieć jeszcze 1"
        )

    def test_example_two_more_allowed(self) -> None:
        """DI-4 (T&C 2024-04-15) on the example: 0.2% of 1,960 agreements is 3, 1 used, 2 left."""
        with language("pl"):
            result = check_discussion_limit(load_example(), as_of=AS_OF)
        assert result.description == (
            "nierozwiązane dyskusje w ostatnich 60 dniach: najwyżej 0,2% umów, gdy było ich "
            "więcej niż 1000, w przeciwnym razie najwyżej 2; teraz 1 z 3 dozwolonych przy "
            "1960 umowach, więc możesz mieć jeszcze 2"
        )
        english = check_discussion_limit(load_example(), as_of=AS_OF)
        assert english.description.rpartition("; ")[2] == (
            "now 1 of the 3 allowed with 1,960 agreements, so 2 more allowed"
        )

    @pytest.mark.parametrize(
        ("count", "too_many"),
        [
            (3, "1 nierozwiązana dyskusja"),
            (4, "2 nierozwiązane dyskusje"),
            (7, "5 nierozwiązanych dyskusji"),
        ],
    )
    def test_shortfall_takes_the_form_of_the_excess(self, count: int, too_many: str) -> None:
        """DI-4 (T&C 2024-04-15): ``count`` unresolved, 2 allowed; 1, 2-4 and 5+ forms."""
        with language("pl"):
            result = check_discussion_limit(
                _unresolved(count), as_of=datetime(2024, 6, 1, tzinfo=WARSAW)
            )
        assert result.shortfall is not None
        assert result.shortfall.partition("; ")[0] == (
            f"{too_many} ponad limit 2 przy 0 umowach w ciągu 60 dni"
        )

    def test_shortfall_in_english_after_polish(self) -> None:
        """DI-4 (T&C 2024-04-15): 7 unresolved, 5 too many, holding again after 19 June 10:00."""
        as_of = datetime(2024, 6, 1, tzinfo=WARSAW)
        with language("pl"):
            polish = check_discussion_limit(_unresolved(7), as_of=as_of)
        assert polish.shortfall == (
            "5 nierozwiązanych dyskusji ponad limit 2 przy 0 umowach w ciągu 60 dni; bez nowych "
            "dyskusji warunek spełni się sam po 2024-06-19T10:00:00+02:00"
        )
        english = check_discussion_limit(_unresolved(7), as_of=as_of)
        assert english.shortfall == (
            "5 unresolved discussions more than the 2 allowed with 0 agreements in 60 days; "
            "with no new ones it passes by itself once 2024-06-19T10:00:00+02:00 has passed"
        )
        assert english.description.rpartition("; ")[2] == (
            "now 7 of the 2 allowed with 0 agreements, so the cap is broken"
        )


class TestDeadlinesPage:
    def test_example_page(self, capsys: pytest.CaptureFixture[str]) -> None:
        """DI-3…DI-5, SQ-B5, SQ-D2, RA-1 on the example: header, first entry, hidden windows.

        1,382 entries, 5 overdue; of the RATING_WINDOW entries 10 are shown
        and 1,317 counted ("1317 wpisów": 1317 ends in 7, the third form).
        """
        assert main(["deadlines", "--example", "--lang", "pl"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0] == (
            "Terminy na 2026-11-01T00:00:00+01:00 (edycja zasad 2024-04-15): "
            "otwarte 1382, po terminie 5"
        )
        assert lines[1] == "ZALEGŁE 2026-10-19T15:07:51+02:00  MESSAGE_REPLY    m-00735"
        assert lines[3] == (
            "          chroni: MESSAGE_REPLY_ON_TIME, MESSAGE_REPLY_TIME, PR-1.6 (SQ-B5)"
        )
        assert lines[-1] == (
            "... i jeszcze 1317 wpisów RATING_WINDOW: zamówienia bez oceny, które kupujący "
            "mogą ocenić najpóźniej do 2027-01-29T23:57:00+01:00 (--format json pokazuje "
            "wszystkie)"
        )
        assert main(["deadlines", "--example", "--lang", "en"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0] == (
            "Deadlines at 2026-11-01T00:00:00+01:00 (edition 2024-04-15): 1,382 open, 5 overdue"
        )
        assert lines[-1] == (
            "... and 1,317 more RATING_WINDOW entries: orders not yet rated whose buyers may "
            "rate them until 2027-01-29T23:57:00+01:00 at the latest (--format json lists "
            "them all)"
        )

    def test_nothing_due(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """DI-3…DI-5: a seller with no records has nothing on the list."""
        path = tmp_path / "empty.json"
        path.write_text(json.dumps(dump(SellerActivity())), encoding="utf-8")
        argv = ["deadlines", str(path), "--as-of", "2024-05-06T12:00:00+02:00"]
        assert main([*argv, "--lang", "pl"]) == 0
        assert capsys.readouterr().out == (
            "Terminy na 2024-05-06T12:00:00+02:00 (edycja zasad 2024-04-15): "
            "otwarte 0, po terminie 0\nNic do zrobienia.\n"
        )
        assert main([*argv, "--lang", "en"]) == 0
        assert capsys.readouterr().out.splitlines()[-1] == "Nothing is due."
