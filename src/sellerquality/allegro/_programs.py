"""Allegro seller programmes: Super Seller, Smart!, coins seller, Deal Zone (PR-1…PR-4).

Each function returns an :class:`~sellerquality.Eligibility` with one
:class:`~sellerquality.Criterion` per rule. A criterion that cannot be
computed from data (Allegro's manual review of customer service, PR-1.10) has
``passed=None`` and never blocks ``eligible``: Allegro decides it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import attrs
from dateutil.relativedelta import relativedelta

from .. import _text
from .._i18n import N_, Language, language, ngettext
from .._i18n import gettext as _
from .._results import MAX_CULPRITS, Criterion, Eligibility
from .._text import localised, percent
from .._time import Window, add_days, day_start, local_day, next_midnight, require_aware
from ._editions import DEFAULT_RULEBOOK, EDITIONS
from ._engine import Family, tally_days
from ._metrics import Context
from ._model import STAR_BEST, SellerActivity, ViolationKind
from ._quality import QualityReport, _known_at, quality_history
from ._rules import Rulebook, SuperSeller2022, SuperSeller2023

__all__ = ["coins_seller", "deal_zone", "smart", "super_seller"]

_ONE_DAY = timedelta(days=1)

Check = Callable[[Context], Criterion]


def _number(value: object) -> str:
    """A threshold such as ``4.9`` written the current language's way (``4,9``)."""
    return localised(str(value))


# A violation kind as the PR-1.5 shortfall names it, with its article.
_SANCTIONS: Mapping[ViolationKind, str] = {
    ViolationKind.ACCOUNT_BLOCKED: N_("an account block"),
    ViolationKind.LISTING_AND_ENDING_BLOCKED: N_("a listing-and-ending block"),
    ViolationKind.LISTING_BLOCKED: N_("a listing block"),
    ViolationKind.WARNING: N_("a warning"),
    ViolationKind.OFFER_REMOVED: N_("an offer removal"),
    ViolationKind.REMINDER: N_("a reminder"),
}


def _needed_for_share(good: int, total: int, share: Fraction) -> int:
    """Fewest extra good records for ``good / total >= share`` (``share < 1``)."""
    return max(0, math.ceil((share * total - good) / (1 - share)))


def _window_context(
    activity: SellerActivity, as_of: datetime, rulebook: Rulebook, days: int
) -> Context:
    """A metrics context whose window is ``days`` long (the programme's own window)."""
    book = attrs.evolve(rulebook, quality=attrs.evolve(rulebook.quality, window_days=days))
    return Context.build(activity, as_of, book)


def _future_contexts(ctx: Context, days: int) -> list[Context]:
    """Contexts for the next ``days`` daily results if no new records arrive."""
    frozen = _known_at(ctx.activity, ctx.as_of)
    zone = ctx.rulebook.zone
    first = local_day(next_midnight(ctx.as_of, zone), zone)
    snapshots = [day_start(first + step * _ONE_DAY, zone) for step in range(days)]
    columns = frozen.columns
    days_ = ctx.rulebook.quality.window_days
    slid = {
        (family, days_): tally_days(family, columns, ctx.rulebook, as_ofs=snapshots, days=days_)
        for family in Family
    }
    return [
        Context(
            activity=frozen,
            as_of=as_of,
            rulebook=ctx.rulebook,
            window=Window.last_days(as_of, ctx.rulebook.quality.window_days, zone),
            tallies={key: tallies[step] for key, tallies in slid.items()},
        )
        for step, as_of in enumerate(snapshots)
    ]


def _result_day(as_of: datetime, zone: tzinfo) -> date:
    return local_day(as_of - timedelta(microseconds=1), zone)


def _with_recovery(criterion: Criterion, check: Check, future: Sequence[Context]) -> Criterion:
    """Add to a failed criterion the first daily result in which it would pass by itself."""
    if criterion.passed is not False:
        return criterion
    for later in future:
        if check(later).passed:
            day = _result_day(later.as_of, later.rulebook.zone)
            note = _("passes by itself in the result for {day} if no new records arrive")
            shortfall = f"{criterion.shortfall or ''}; {note.format(day=day)}"
            return attrs.evolve(criterion, shortfall=shortfall)
    note = _("waiting alone does not fix it")
    return attrs.evolve(criterion, shortfall=f"{criterion.shortfall or ''}; {note}")


# --- Super Seller, edition 2022 ---------------------------------------------------------


def _business(ctx: Context, rule: str) -> Criterion:
    business = ctx.activity.account.business
    return Criterion(
        code="BUSINESS_ACCOUNT",
        rule=rule,
        description=_("a business (company) account"),
        actual=business,
        required=True,
        passed=business,
        shortfall=None if business else _("needs a business account"),
    )


def _at_least(
    code: str,
    rule: str,
    *,
    actual: int,
    required: int,
    described: str,
    needs: Callable[[int], str],
) -> Criterion:
    """A criterion met by a count of at least ``required`` (PR-1.2, PR-1.3, PR-2, PR-3).

    ``described`` words the requirement, ``needs(k)`` the shortfall of ``k`` more.
    """
    passed = actual >= required
    return Criterion(
        code=code,
        rule=rule,
        description=described,
        actual=actual,
        required=required,
        passed=passed,
        shortfall=None if passed else needs(required - actual),
    )


def _ratings_12_months(ctx: Context, rules: SuperSeller2022) -> Criterion:
    window = Window(ctx.as_of - relativedelta(months=rules.ratings_months), ctx.as_of)
    months = rules.ratings_months
    return _at_least(
        "RATINGS_12_MONTHS",
        "PR-1.2",
        actual=len(ctx.activity.ratings_in(window)),
        required=rules.min_ratings,
        described=ngettext(
            "at least {n} rating in the last {months} months",
            "at least {n} ratings in the last {months} months",
            rules.min_ratings,
        ).format(n=_text.count(rules.min_ratings), months=months),
        needs=lambda k: ngettext(
            "needs {n} more rating in the last {months} months",
            "needs {n} more ratings in the last {months} months",
            k,
        ).format(n=k, months=months),
    )


def _completed(rules: SuperSeller2022 | SuperSeller2023, rule: str) -> Check:
    def check(ctx: Context) -> Criterion:
        return _at_least(
            "COMPLETED_TRANSACTIONS",
            rule,
            actual=ctx.tally(Family.ORDERS).sums.completed,
            required=rules.min_completed,
            described=ngettext(
                "at least {n} completed transaction in the last {days} days "
                "(sent, or recommended by the buyer)",
                "at least {n} completed transactions in the last {days} days "
                "(sent, or recommended by the buyer)",
                rules.min_completed,
            ).format(n=_text.count(rules.min_completed), days=rules.window_days),
            needs=lambda k: ngettext(
                "needs {n} more completed transaction",
                "needs {n} more completed transactions",
                k,
            ).format(n=k),
        )

    return check


def _star_average(rules: SuperSeller2022) -> Check:
    quantum = Decimal(1).scaleb(-rules.star_average_places)
    # The smallest exact mean that rounds half up to the required average.
    lowest = Fraction(rules.min_star_average - quantum / 2)

    def check(ctx: Context) -> Criterion:
        sums = ctx.tally(Family.RATINGS).sums
        marks, total = sums.marks, sums.mark_sum
        description = _(
            "average star mark in the last {days} days, rounded half up to "
            "{places} decimals, at least {minimum}"
        ).format(
            days=rules.window_days,
            places=rules.star_average_places,
            minimum=_number(rules.min_star_average),
        )
        if not marks:
            return Criterion(
                code="STAR_AVERAGE",
                rule="PR-1.4",
                description=description,
                actual=_("no star marks"),
                required=rules.min_star_average,
                passed=False,
                shortfall=_("no star marks in the last {days} days").format(days=rules.window_days),
            )
        rounded = (Decimal(total) / Decimal(marks)).quantize(quantum, rounding=ROUND_HALF_UP)
        passed = rounded >= rules.min_star_average
        needed = math.ceil((lowest * marks - total) / (STAR_BEST - lowest)) if not passed else 0
        return Criterion(
            code="STAR_AVERAGE",
            rule="PR-1.4",
            description=description,
            actual=rounded,
            required=rules.min_star_average,
            passed=passed,
            shortfall=None
            if passed
            else ngettext(
                "needs {n} more 5-star mark ({total}/{marks} rounds to {rounded})",
                "needs {n} more 5-star marks ({total}/{marks} rounds to {rounded})",
                needed,
            ).format(n=needed, total=total, marks=marks, rounded=_number(rounded)),
        )

    return check


def _no_sanctions(ctx: Context, rules: SuperSeller2022) -> Criterion:
    window = Window.last_days(ctx.as_of, rules.window_days, ctx.rulebook.zone)
    blocking = [
        v for v in ctx.activity.violations_in(window) if v.kind in rules.excluding_violations
    ]
    kinds = ", ".join(sorted(kind.name for kind in rules.excluding_violations))
    description = _("no warning or block in the last {days} days ({kinds})").format(
        days=rules.window_days, kinds=kinds
    )
    if not blocking:
        return Criterion(
            code="NO_WARNINGS_OR_BLOCKS",
            rule="PR-1.5",
            description=description,
            actual=0,
            required=0,
            passed=True,
        )
    latest = blocking[-1]
    zone = ctx.rulebook.zone
    until = local_day(add_days(latest.at, rules.window_days, zone), zone)
    return Criterion(
        code="NO_WARNINGS_OR_BLOCKS",
        rule="PR-1.5",
        description=description,
        actual=len(blocking),
        required=0,
        passed=False,
        shortfall=_("{sanction} on {day} blocks until {until}").format(
            sanction=_(_SANCTIONS[latest.kind]), day=local_day(latest.at, zone), until=until
        ),
        culprits=tuple(v.id for v in blocking),
    )


# What PR-1.6…PR-1.8 count, and how many more of them a shortfall needs.
_ON_TIME: Mapping[Family, tuple[str, Callable[[int], str]]] = {
    Family.MESSAGES: (
        N_("buyer messages answered within the reply time"),
        lambda n: ngettext(
            "needs {n} more buyer message answered on time",
            "needs {n} more buyer messages answered on time",
            n,
        ),
    ),
    Family.DISPUTES: (
        N_("disputes answered within the reply time"),
        lambda n: ngettext(
            "needs {n} more dispute answered on time", "needs {n} more disputes answered on time", n
        ),
    ),
    Family.ORDERS: (
        N_("orders with tracking added by the dispatch deadline"),
        lambda n: ngettext(
            "needs {n} more order with tracking on time",
            "needs {n} more orders with tracking on time",
            n,
        ),
    ),
}


def _on_time(code: str, rule: str, *, family: Family, share: Fraction) -> Check:
    what, needs = _ON_TIME[family]

    def check(ctx: Context) -> Criterion:
        if family is Family.ORDERS:
            orders = ctx.tally(Family.ORDERS).sums
            counted, good = orders.due, orders.on_time
        else:
            replies = ctx.replies(family).sums
            counted, good = replies.due, replies.on_time
        description = _("at least {share} of {what}").format(share=percent(share), what=_(what))
        if not counted:
            return Criterion(
                code=code,
                rule=rule,
                description=description,
                actual=_("none due"),
                required=share,
                passed=True,
            )
        rate = Fraction(good, counted)
        passed = rate >= share
        needed = _needed_for_share(good, counted, share)
        return Criterion(
            code=code,
            rule=rule,
            description=description,
            actual=rate,
            required=share,
            passed=passed,
            shortfall=None
            if passed
            else _("{rate} of {counted}: {needs}").format(
                rate=percent(rate, against=share),
                counted=counted,
                needs=needs(needed).format(n=needed),
            ),
        )

    return check


def _unresolved_share(rules: SuperSeller2022) -> Check:
    def check(ctx: Context) -> Criterion:
        unresolved = ctx.tally(Family.UNRESOLVED).sums.unresolved
        transactions = ctx.tally(Family.ORDERS).sums.completed
        share = Fraction(unresolved, transactions) if transactions else None
        passed = unresolved == 0 or (share is not None and share <= rules.max_unresolved_share)
        needed = (
            math.ceil(unresolved / rules.max_unresolved_share) - transactions if not passed else 0
        )
        return Criterion(
            code="UNRESOLVED_SHARE",
            rule="PR-1.9",
            description=_(
                "unresolved disputes at most {share} of transactions in the last {days} days"
            ).format(share=percent(rules.max_unresolved_share), days=rules.window_days),
            actual=share
            if share is not None
            else _("{n} unresolved, no transactions").format(n=unresolved),
            required=rules.max_unresolved_share,
            passed=passed,
            shortfall=None
            if passed
            else ngettext(
                "{unresolved} unresolved of {transactions} transactions: "
                "needs {n} more completed transaction",
                "{unresolved} unresolved of {transactions} transactions: "
                "needs {n} more completed transactions",
                needed,
            ).format(unresolved=unresolved, transactions=transactions, n=needed),
            culprits=ctx.tally(Family.UNRESOLVED).culprits.unresolved.ids if not passed else (),
        )

    return check


def _unresolved_count(rules: SuperSeller2022) -> Check:
    def check(ctx: Context) -> Criterion:
        unresolved = ctx.tally(Family.UNRESOLVED).sums.unresolved
        passed = unresolved <= rules.max_unresolved_count
        return Criterion(
            code="UNRESOLVED_COUNT",
            rule="PR-1.9",
            description=ngettext(
                "at most {n} unresolved dispute in the last {days} days",
                "at most {n} unresolved disputes in the last {days} days",
                rules.max_unresolved_count,
            ).format(n=rules.max_unresolved_count, days=rules.window_days),
            actual=unresolved,
            required=rules.max_unresolved_count,
            passed=passed,
            shortfall=None
            if passed
            else ngettext(
                "{n} unresolved dispute over the cap",
                "{n} unresolved disputes over the cap",
                unresolved - rules.max_unresolved_count,
            ).format(n=unresolved - rules.max_unresolved_count),
            culprits=ctx.tally(Family.UNRESOLVED).culprits.unresolved.ids if not passed else (),
        )

    return check


def _manual_review() -> Criterion:
    return Criterion(
        code="CUSTOMER_SERVICE_REVIEW",
        rule="PR-1.10",
        description=_("top customer service, checked by Allegro staff by hand"),
        actual=_("not computable from data"),
        required=_("Allegro's review"),
        passed=None,
        shortfall=None,
    )


def _offer_listed(ctx: Context, rules: SuperSeller2022) -> Criterion:
    window = Window.last_days(ctx.as_of, rules.window_days, ctx.rulebook.zone)
    listed = [
        o for o in ctx.activity.offers if o.listed_at is not None and window.contains(o.listed_at)
    ]
    passed = bool(listed)
    return Criterion(
        code="OFFER_LISTED",
        rule="PR-1.11",
        description=_("at least one offer listed in the last {days} days").format(
            days=rules.window_days
        ),
        actual=len(listed),
        required=1,
        passed=passed,
        shortfall=None
        if passed
        else _("list an offer (none listed since {day})").format(day=window.start.date()),
    )


def _smart_shortfall(rate: Fraction, positive: int, ratings: int, share: Fraction) -> str:
    """PR-3's rate shortfall: the rate, and how many more recommending ratings reach it."""
    needed = _needed_for_share(positive, ratings, share)
    return ngettext(
        "{rate}: needs {n} more recommending rating",
        "{rate}: needs {n} more recommending ratings",
        needed,
    ).format(rate=percent(rate, against=share), n=needed)


def _super_seller_2022(ctx: Context, rules: SuperSeller2022) -> list[Criterion]:
    windowed: list[Check] = [
        _completed(rules, "PR-1.3"),
        _star_average(rules),
        _on_time(
            "MESSAGES_ON_TIME",
            "PR-1.6",
            family=Family.MESSAGES,
            share=rules.min_messages_on_time,
        ),
        _on_time(
            "DISPUTES_ON_TIME",
            "PR-1.7",
            family=Family.DISPUTES,
            share=rules.min_disputes_on_time,
        ),
        _on_time(
            "ORDERS_ON_TIME",
            "PR-1.8",
            family=Family.ORDERS,
            share=rules.min_orders_on_time,
        ),
        _unresolved_share(rules),
        _unresolved_count(rules),
    ]
    results = {check: check(ctx) for check in windowed}
    future: list[Context] = []
    if any(result.passed is False for result in results.values()):
        future = _future_contexts(ctx, rules.window_days)
    checked = [_with_recovery(result, check, future) for check, result in results.items()]
    completed, stars, messages, disputes, orders, share, count = checked
    return [
        _business(ctx, "PR-1.1"),
        _ratings_12_months(ctx, rules),
        completed,
        stars,
        _no_sanctions(ctx, rules),
        messages,
        disputes,
        orders,
        share,
        count,
        _manual_review(),
        _offer_listed(ctx, rules),
    ]


# --- Super Seller, edition 2023-09-04 ------------------------------------------------------

_RULE_2023 = "PR-1 (2023-09-04)"


def _super_seller_2023(
    activity: SellerActivity, ctx: Context, rules: SuperSeller2023, rulebook: Rulebook
) -> list[Criterion]:
    last = local_day(ctx.as_of, rulebook.zone) - _ONE_DAY
    first = last - (rules.window_days - 1) * _ONE_DAY
    history = quality_history(activity, start=first, end=last, rulebook=rulebook)
    top_days = [r.day for r in history if r.grade in rules.top_grades]
    low_days = [r for r in history if r.grade < rules.floor_grade]
    top_names = _(" or ").join(sorted(g.name for g in rules.top_grades))
    top_passed = len(top_days) >= rules.min_top_days
    floor_passed = not low_days
    low_shortfall = None
    if low_days:
        worst = low_days[-1]
        until = worst.day + rules.window_days * _ONE_DAY
        low_shortfall = ngettext(
            "{n} day below {floor}; the last, {day} ({grade}), blocks until the result for {until}",
            "{n} days below {floor}; the last, {day} ({grade}), "
            "blocks until the result for {until}",
            len(low_days),
        ).format(
            n=len(low_days),
            floor=rules.floor_grade.name,
            day=worst.day,
            grade=worst.grade.name,
            until=until,
        )
    return [
        _business(ctx, _RULE_2023),
        Criterion(
            code="TOP_GRADE_DAYS",
            rule=_RULE_2023,
            description=_("grade {grades} on at least {n} of the last {days} daily results").format(
                grades=top_names, n=rules.min_top_days, days=rules.window_days
            ),
            actual=len(top_days),
            required=rules.min_top_days,
            passed=top_passed,
            shortfall=None
            if top_passed
            else ngettext(
                "needs {n} more day at {grades}",
                "needs {n} more days at {grades}",
                rules.min_top_days - len(top_days),
            ).format(n=rules.min_top_days - len(top_days), grades=top_names),
        ),
        Criterion(
            code="GRADE_EVERY_DAY",
            rule=_RULE_2023,
            description=_(
                "grade at least {grade} on every one of the last {days} daily results"
            ).format(grade=rules.floor_grade.name, days=rules.window_days),
            actual=min((r.grade for r in history), default=rules.floor_grade),
            required=rules.floor_grade,
            passed=floor_passed,
            shortfall=low_shortfall,
            culprits=tuple(r.day.isoformat() for r in low_days),
        ),
        _completed(rules, _RULE_2023)(ctx),
    ]


def super_seller(
    activity: SellerActivity,
    *,
    as_of: datetime,
    rulebook: Rulebook = DEFAULT_RULEBOOK,
    lang: Language | None = None,
) -> Eligibility:
    """Check the Super Seller rules of ``rulebook``'s edition at ``as_of`` (PR-1).

    Edition 2022 checks the eleven rules PR-1.1…PR-1.11 (PR-1.9 as two
    criteria, a share and a count); PR-1.10 (manual review) is ``passed=None``.
    Edition 2023-09-04 checks the business account, the daily grades of the 30
    results before ``as_of`` (from one sliding :func:`quality_history`) and 50
    completed orders. Failing criteria say what is missing and, where waiting
    alone would fix it, the first daily result in which they pass.

    Args:
        activity: The seller's records.
        as_of: The instant checked (aware).
        rulebook: The edition whose rules apply (see :func:`rulebook_for`).
        lang: The language of the texts: ``"en"`` or ``"pl"``; ``None``
            keeps the current one (see :func:`sellerquality.language`).

    Returns:
        The :class:`~sellerquality.Eligibility` of programme ``"Super Seller"``.

    Raises:
        NaiveDatetimeError: ``as_of`` has no time zone.
    """
    with language(lang):
        require_aware(as_of, field="as_of")
        rules = rulebook.programmes.super_seller
        ctx = _window_context(activity, as_of, rulebook, rules.window_days)
        if isinstance(rules, SuperSeller2022):
            criteria = _super_seller_2022(ctx, rules)
        else:
            criteria = _super_seller_2023(activity, ctx, rules, rulebook)
        return Eligibility.from_criteria(
            N_("Super Seller"), criteria, as_of=as_of, edition=rulebook.label
        )


def smart(
    activity: SellerActivity,
    *,
    as_of: datetime,
    rulebook: Rulebook = DEFAULT_RULEBOOK,
    lang: Language | None = None,
) -> Eligibility:
    """Check the seller's Smart! rules at ``as_of`` (PR-3).

    Recommendation rate of at least 98% and at least 5 recommending ratings,
    both over the last 12 months (this library's reading of PR-3: Allegro's Smart!
    rules count 12 months). With no ratings the rate cannot be met.

    ``lang`` (``"en"`` or ``"pl"``; ``None`` keeps the current one) is the
    language of the criteria's texts (see :func:`sellerquality.language`).

    Raises:
        NaiveDatetimeError: ``as_of`` has no time zone.
    """
    with language(lang):
        require_aware(as_of, field="as_of")
        rules = rulebook.programmes
        window = Window(as_of - relativedelta(months=rules.smart_months), as_of)
        ratings = activity.ratings_in(window)
        positive = sum(1 for r in ratings if r.recommended)
        rate = Fraction(positive, len(ratings)) if ratings else None
        rate_passed = rate is not None and rate >= rules.smart_min_rate
        criteria = [
            Criterion(
                code="RECOMMENDATION_RATE",
                rule="PR-3",
                description=_(
                    "recommendation rate of at least {share} over the last {months} months"
                ).format(share=percent(rules.smart_min_rate), months=rules.smart_months),
                actual=rate if rate is not None else _("no ratings"),
                required=rules.smart_min_rate,
                passed=rate_passed,
                shortfall=None
                if rate_passed
                else _("no ratings")
                if rate is None
                else _smart_shortfall(rate, positive, len(ratings), rules.smart_min_rate),
                culprits=tuple(r.id for r in ratings if not r.recommended)[:MAX_CULPRITS]
                if not rate_passed
                else (),
            ),
            _at_least(
                "POSITIVE_RATINGS",
                "PR-3",
                actual=positive,
                required=rules.smart_min_positive,
                described=ngettext(
                    "at least {n} recommending rating over the last {months} months",
                    "at least {n} recommending ratings over the last {months} months",
                    rules.smart_min_positive,
                ).format(n=rules.smart_min_positive, months=rules.smart_months),
                needs=lambda k: ngettext(
                    "needs {n} more recommending rating", "needs {n} more recommending ratings", k
                ).format(n=k),
            ),
        ]
        return Eligibility.from_criteria(
            N_("Smart!"), criteria, as_of=as_of, edition=rulebook.label
        )


def coins_seller(
    activity: SellerActivity,
    *,
    as_of: datetime,
    rulebook: Rulebook = DEFAULT_RULEBOOK,
    lang: Language | None = None,
) -> Eligibility:
    """Check whether the seller may offer Allegro coins (PR-2).

    An average star mark of at least 4.8 (compared unrounded) and at least 5
    ratings, both over the last 30 days.

    ``lang`` (``"en"`` or ``"pl"``; ``None`` keeps the current one) is the
    language of the criteria's texts (see :func:`sellerquality.language`).

    Raises:
        NaiveDatetimeError: ``as_of`` has no time zone.
    """
    with language(lang):
        require_aware(as_of, field="as_of")
        rules = rulebook.programmes
        ctx = _window_context(activity, as_of, rulebook, rules.coins_window_days)
        sums = ctx.tally(Family.RATINGS).sums
        count, marks, total = sums.ratings, sums.marks, sums.mark_sum
        average = Fraction(total, marks) if marks else None
        average_passed = average is not None and average >= rules.coins_min_star_average
        shortfall = None
        if not average_passed:
            shortfall = _("no star marks in the window")
            if average is not None:
                needed = math.ceil(
                    (rules.coins_min_star_average * marks - total)
                    / (STAR_BEST - rules.coins_min_star_average)
                )
                shortfall = ngettext(
                    "average {average}: needs {n} more 5-star mark",
                    "average {average}: needs {n} more 5-star marks",
                    needed,
                ).format(average=_number(f"{float(average):.3f}"), n=needed)
        criteria = [
            Criterion(
                code="STAR_AVERAGE",
                rule="PR-2",
                description=_(
                    "average star mark of at least {minimum} over the last {days} days"
                ).format(
                    minimum=_number(float(rules.coins_min_star_average)),
                    days=rules.coins_window_days,
                ),
                actual=average if average is not None else _("no star marks"),
                required=rules.coins_min_star_average,
                passed=average_passed,
                shortfall=shortfall,
            ),
            _at_least(
                "RATINGS",
                "PR-2",
                actual=count,
                required=rules.coins_min_ratings,
                described=ngettext(
                    "at least {n} rating over the last {days} days",
                    "at least {n} ratings over the last {days} days",
                    rules.coins_min_ratings,
                ).format(n=rules.coins_min_ratings, days=rules.coins_window_days),
                needs=lambda k: ngettext(
                    "needs {n} more rating", "needs {n} more ratings", k
                ).format(n=k),
            ),
        ]
        return Eligibility.from_criteria(N_("Coins"), criteria, as_of=as_of, edition=rulebook.label)


def deal_zone(
    report: QualityReport, *, rulebook: Rulebook | None = None, lang: Language | None = None
) -> Eligibility:
    """Check Deal Zone (Strefa Okazji) eligibility from a sales-quality report (PR-4).

    Deal Zone needs a sales-quality grade of at least NEUTRAL. The rule is taken
    from ``rulebook``, or, when none is given, from the edition the report was
    computed under (the default edition if that name is not a known edition).
    ``lang`` (``"en"`` or ``"pl"``; ``None`` keeps the current one) is the
    language of the criterion's texts (see :func:`sellerquality.language`).
    """
    with language(lang):
        if rulebook is None:
            rulebook = next(
                (book for book in EDITIONS if book.label == report.edition), DEFAULT_RULEBOOK
            )
        needed = rulebook.programmes.deal_zone_min_grade
        passed = report.grade >= needed
        criterion = Criterion(
            code="SALES_QUALITY_GRADE",
            rule="PR-4",
            description=_("sales-quality grade at least {grade}").format(grade=needed.name),
            actual=report.grade,
            required=needed,
            passed=passed,
            shortfall=None
            if passed
            else _("grade {grade} ({score} points) is below {needed}").format(
                grade=report.grade.name, score=report.score, needed=needed.name
            ),
        )
        return Eligibility.from_criteria(
            N_("Deal Zone"), [criterion], as_of=report.as_of, edition=report.edition
        )
