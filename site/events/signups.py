"""Signing up and cancelling, safe against many residents pressing the button at once.

Every change to an occurrence's sign-ups first locks the event's row (SELECT … FOR UPDATE on
PostgreSQL; SQLite's IMMEDIATE transactions already let one writer in at a time), so counting
the confirmed places and adding a sign-up happen as one step: the capacity is never exceeded,
and positions are handed out in order. A unique constraint refuses the same mobile twice even
if two requests slip past the check.
"""

from dataclasses import dataclass

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from .models import EventPage, SignUp


class SignUpRefused(Exception):
    """A sign-up that cannot be taken, with the message to show the resident."""


@dataclass
class Result:
    signup: SignUp
    waitlist_place: int = 0  # 1 = first on the waitlist


def _lock(event):
    list(EventPage.objects.select_for_update(of=("self",)).filter(pk=event.pk).only("pk"))


def sign_up(event, occurrence, name, mobile):
    """Sign someone up for an occurrence: confirmed while places are left, else waitlisted."""
    if not occurrence.signup_open() or event.district is None:
        raise SignUpRefused("这次活动的报名已经截止。")
    try:
        with transaction.atomic():
            _lock(event)
            taken = SignUp.objects.filter(event=event, occurrence=occurrence.date).exclude(status=SignUp.CANCELLED)
            if taken.filter(mobile=mobile).exists():
                raise SignUpRefused("这个手机号码已经报过名了，不用重复报名。如需查看，请打开报名成功后保存的链接。")
            confirmed = taken.filter(status=SignUp.CONFIRMED).count()
            last = SignUp.objects.filter(event=event, occurrence=occurrence.date).aggregate(n=models.Max("position"))
            status = SignUp.CONFIRMED if confirmed < event.capacity else SignUp.WAITLISTED
            signup = SignUp.objects.create(
                district=event.district,
                event=event,
                occurrence=occurrence.date,
                name=name,
                mobile=mobile,
                status=status,
                position=(last["n"] or 0) + 1,
            )
    except IntegrityError as error:
        raise SignUpRefused("这个手机号码已经报过名了，不用重复报名。") from error
    return Result(signup, waitlist_place(signup))


def waitlist_place(signup):
    if signup.status != SignUp.WAITLISTED:
        return 0
    return SignUp.objects.filter(
        event_id=signup.event_id,
        occurrence=signup.occurrence,
        status=SignUp.WAITLISTED,
        position__lte=signup.position,
    ).count()


def cancel(signup):
    """Cancel a sign-up; a confirmed place goes to the first on the waitlist. Returns whoever was promoted."""
    with transaction.atomic():
        _lock(signup.event)
        signup = SignUp.objects.get(pk=signup.pk)
        if signup.status == SignUp.CANCELLED:
            return None
        was_confirmed = signup.status == SignUp.CONFIRMED
        signup.status, signup.cancelled_at = SignUp.CANCELLED, timezone.now()
        signup.save(update_fields=["status", "cancelled_at"])
        if not was_confirmed:
            return None
        return promote(signup.event, signup.occurrence)


def promote(event, occurrence_date):
    """Fill free places from the waitlist, in order (the caller holds the event's lock)."""
    mine = SignUp.objects.filter(event=event, occurrence=occurrence_date)
    free = event.capacity - mine.filter(status=SignUp.CONFIRMED).count()
    promoted = None
    for waiting in mine.filter(status=SignUp.WAITLISTED).order_by("position")[: max(free, 0)]:
        waiting.status, waiting.promoted_at = SignUp.CONFIRMED, timezone.now()
        waiting.save(update_fields=["status", "promoted_at"])
        promoted = promoted or waiting
    return promoted


def fill_from_waitlists(event):
    """After an editor raises the capacity: the waiting sign-ups of coming dates move up, in order."""
    if event.capacity is None:
        return 0
    today = timezone.localdate()
    with transaction.atomic():
        _lock(event)
        days = (
            SignUp.objects.filter(event=event, status=SignUp.WAITLISTED, occurrence__gte=today)
            .values_list("occurrence", flat=True)
            .distinct()
        )
        return sum(1 for day in sorted(days) if promote(event, day))
