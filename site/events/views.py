"""What the event pages and the events index serve: lists, a month calendar, team pages,
calendar files, and signing up and cancelling. Everything works without JavaScript."""

import calendar as month_calendar
import datetime as dt
import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.utils import timezone

from pagecache.expiry import expire_at, first_change
from security.client_ip import client_ip
from snippets.models import Community, Volunteer, VolunteerTeam
from snippets.privacy import mask_mobile

from . import ics, signups
from .forms import PRIVACY_NOTICE, FilterForm, SignUpForm
from .models import CATEGORIES, SignUp

UPCOMING_DAYS = 120
UPCOMING_LIMIT = 30
PAST_DAYS = 400
PAST_PER_PAGE = 10
SIGNUP_DATES = 6  # dates of a repeating event offered in the form
RATE_LIMIT = 10  # sign-ups from one address …
RATE_WINDOW = 600  # … per ten minutes


def calendar_url(page, route, args=()):
    """A route of `page` that serves a calendar, as a .ics address (see events.urls)."""
    return page.url + page.reverse_subpage(route, args=args).rstrip("/") + ".ics"


def count_confirmed(occurrences):
    """Fill in every occurrence's confirmed sign-ups, in one query."""
    counted = [o for o in occurrences if o.event.takes_signups]
    if counted:
        rows = (
            SignUp.objects.filter(
                status=SignUp.CONFIRMED,
                event_id__in={o.event.pk for o in counted},
                occurrence__in={o.date for o in counted},
            )
            .values_list("event_id", "occurrence")
            .annotate(n=Count("pk"))
        )
        counts = {(event_id, day): n for event_id, day, n in rows}
        for o in counted:
            o.confirmed = counts.get((o.event.pk, o.date), 0)
    return occurrences


def expand(events, after=None, before=None):
    found = [o for event in events for o in event.occurrences(after=after, before=before, limit=400)]
    return sorted(found, key=lambda o: (o.start, o.event.title))


def expire_at_status_change(request, occurrences, now):
    """A cached copy of a page listing these dates lasts until one of them closes its sign-ups,
    starts or ends (its status, and the upcoming and past lists, change then)."""
    expire_at(request, first_change((t for o in occurrences for t in (o.deadline, o.start, o.end)), now))


def expire_when_upcoming_grows(request, events, now, days):
    """…and until a date enters a list of the coming `days` days (the next day's worth is enough:
    every cached page ends at midnight anyway)."""
    window = now + dt.timedelta(days=days)
    entering = expand(events, after=window, before=window + dt.timedelta(days=1))
    expire_at(request, first_change((o.start - dt.timedelta(days=days) for o in entering), now))


# -- the index ------------------------------------------------------------------------------


def filtered(index, request):
    events = index.events()
    form = FilterForm(
        request.GET or None,
        categories=CATEGORIES,
        communities=Community.objects.filter(district=index.district).order_by("name"),
        teams=VolunteerTeam.objects.filter(district=index.district).order_by("name"),
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["category"]:
            events = events.filter(category=data["category"])
        if data["community"]:
            events = events.filter(community_id=data["community"])
        if data["team"]:
            events = events.filter(teams=data["team"])
    return form, list(events.distinct())


def month_of(request, today):
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def month_grid(events, first):
    tz = timezone.get_current_timezone()
    begin = dt.datetime.combine(first, dt.time(), tzinfo=tz)
    last_day = month_calendar.monthrange(first.year, first.month)[1]
    end = begin + dt.timedelta(days=last_day)
    by_day = {}
    for occurrence in count_confirmed(expand(events, after=begin, before=end)):
        by_day.setdefault(occurrence.date, []).append(occurrence)
    weeks = month_calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    return [[(day, day.month == first.month, by_day.get(day, [])) for day in week] for week in weeks]


def query_without(request, *names):
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def event_index(request, index):
    now = timezone.now()
    today = timezone.localdate()
    form, events = filtered(index, request)
    view = "calendar" if request.GET.get("view") == "calendar" else "list"
    context = {"filter_form": form, "view": view, "filter_query": query_without(request, "page", "month", "view")}
    if view == "calendar":
        first = month_of(request, today)
        context["month"] = first
        context["weeks"] = month_grid(events, first)
        expire_at_status_change(request, [o for week in context["weeks"] for _d, _in, day in week for o in day], now)
        context["previous_month"] = (first - dt.timedelta(days=1)).strftime("%Y-%m")
        context["next_month"] = (first + dt.timedelta(days=32)).strftime("%Y-%m")
        context["weekdays"] = "一二三四五六日"
    else:
        upcoming = expand(events, after=now, before=now + dt.timedelta(days=UPCOMING_DAYS))
        context["upcoming"] = count_confirmed(upcoming[:UPCOMING_LIMIT])
        past = expand(events, after=now - dt.timedelta(days=PAST_DAYS), before=now)
        expire_at_status_change(request, upcoming[:UPCOMING_LIMIT] + past, now)
        expire_when_upcoming_grows(request, events, now, UPCOMING_DAYS)
        past = [o for o in reversed(past) if o.end <= now]
        context["past"] = Paginator(past, PAST_PER_PAGE).get_page(request.GET.get("page"))
    context["feed_url"] = calendar_url(index, "feed")
    return index.render(request, context_overrides=context)


def district_feed(request, index):
    cal = ics.calendar(f"{index.district.name if index.district else ''}{index.title}", list(index.events()), request)
    return ics.response(cal, "events.ics")


# -- teams ----------------------------------------------------------------------------------


def get_team(index, team_id):
    team = VolunteerTeam.objects.filter(pk=team_id, district=index.district).select_related("community").first()
    if team is None:
        raise Http404("没有这支队伍")
    return team


def team_page(request, index, team_id):
    team = get_team(index, team_id)
    now = timezone.now()
    members = Volunteer.objects.filter(team=team)
    totals = members.aggregate(hours=Sum("hours"), active=Count("pk", filter=Q(is_active=True)))
    events = list(index.events().filter(teams=team).distinct())
    upcoming = count_confirmed(expand(events, after=now, before=now + dt.timedelta(days=UPCOMING_DAYS))[:10])
    past = [o for o in reversed(expand(events, after=now - dt.timedelta(days=PAST_DAYS), before=now)) if o.end <= now]
    expire_at_status_change(request, upcoming, now)
    expire_when_upcoming_grows(request, events, now, UPCOMING_DAYS)
    context = {
        "team": team,
        "total_hours": totals["hours"] or 0,
        "member_count": totals["active"],
        "upcoming": upcoming,
        "past_occurrences": past[:20],
        "past_count": len(past),
        "feed_url": calendar_url(index, "team_feed", [team.pk]),
        "index_page": index,
    }
    return index.render(request, template="events/team_page.html", context_overrides=context)


def team_feed(request, index, team_id):
    team = get_team(index, team_id)
    events = list(index.events().filter(teams=team).distinct())
    return ics.response(ics.calendar(team.name, events, request), f"team-{team.pk}.ics")


# -- an event -------------------------------------------------------------------------------


def open_occurrences(event, now=None):
    now = now or timezone.now()
    found = count_confirmed(event.occurrences(after=now, limit=SIGNUP_DATES))
    return [o for o in found if o.signup_open(now)]


def event_page(request, event, form=None, status=200, message=""):
    now = timezone.now()
    occurrence = chosen_occurrence(request, event) or event.next_occurrence(now)
    count_confirmed([occurrence])
    upcoming = count_confirmed(event.occurrences(after=now, limit=SIGNUP_DATES)) if event.repeats else []
    expire_at_status_change(request, [occurrence, *upcoming], now)
    choices = open_occurrences(event, now) if event.takes_signups else []
    if form is None and choices:
        form = SignUpForm(occurrences=choices, initial={"occurrence": choices[0].key})
    context = {
        "occurrence": occurrence,
        "status": occurrence.status(now),
        "upcoming": upcoming,
        "form": form,
        "signup_choices": choices,
        "privacy_notice": PRIVACY_NOTICE,
        "message": message,
        "ics_url": calendar_url(event, "ics"),
        "index_url": event.get_parent().url,
        "signup_url": event.url + event.reverse_subpage("signup"),
        "is_over": occurrence.status(now) == "已结束" and not upcoming,
    }
    response = event.render(request, context_overrides=context)
    response.status_code = status
    return response


def chosen_occurrence(request, event):
    """The date picked in a list or calendar (?date=2026-12-05), if the event happens then."""
    try:
        day = dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return None
    return event.occurrence_on(day)


def client_key(request):
    address = client_ip(request)  # behind the load balancer, the resident's address, not the proxy's
    return "events:signup:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def rate_limited(request):
    """True once an address has sent RATE_LIMIT sign-ups in the window (counted whether they succeed)."""
    key = client_key(request)
    cache.add(key, 0, RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW)
        count = 1
    return count > RATE_LIMIT


def signup(request, event):
    if request.method != "POST":
        return HttpResponseRedirect(event.url)
    if rate_limited(request):
        reply = event_page(request, event, status=429, message="提交太频繁了，请过十分钟再试。")
        reply["Retry-After"] = str(RATE_WINDOW)
        return reply
    choices = open_occurrences(event)
    form = SignUpForm(request.POST, occurrences=choices)
    if form.is_spam:
        # Bots get a plain page that says nothing about why.
        return HttpResponse("已收到。", content_type="text/plain; charset=utf-8", status=400)
    if not choices:
        return event_page(request, event, status=400, message="这个活动现在不接受报名。")
    if not form.is_valid():
        return event_page(request, event, form=form, status=400)
    occurrence = next(o for o in choices if o.key == form.cleaned_data["occurrence"])
    try:
        result = signups.sign_up(event, occurrence, form.cleaned_data["name"], form.cleaned_data["mobile"])
    except signups.SignUpRefused as refused:
        form.add_error(None, str(refused))
        return event_page(request, event, form=form, status=400)
    return HttpResponseRedirect(event.url + event.reverse_subpage("signup_done", args=[result.signup.token]))


def get_signup(event, token):
    signup = SignUp.objects.filter(event=event, token=token).first()
    if signup is None:
        raise Http404("找不到这条报名记录")
    return signup


def private(response):
    """A page reached by a secret link: not cached, not indexed."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def signup_done(request, event, token):
    signup = get_signup(event, token)
    occurrence = event.occurrence_on(signup.occurrence)
    context = {
        "signup": signup,
        "signup_occurrence": occurrence,
        "masked_mobile": mask_mobile(signup.mobile),
        "waitlist_place": signups.waitlist_place(signup),
        "ics_url": calendar_url(event, "signup_ics", [token]),
        "cancel_url": event.url + event.reverse_subpage("cancel", args=[token]),
        "page_url": event.url,
    }
    return private(event.render(request, template="events/signup_done.html", context_overrides=context))


def signup_ics(request, event, token):
    signup = get_signup(event, token)
    occurrence = event.occurrence_on(signup.occurrence)
    if occurrence is None:
        raise Http404("这次活动已经取消")
    cal = ics.calendar(event.title, [event], request, occurrence=occurrence)
    return private(ics.response(cal, f"event-{event.pk}-{occurrence.key}.ics"))


def cancel(request, event, token):
    signup = get_signup(event, token)
    done = False
    if request.method == "POST" and signup.status != SignUp.CANCELLED:
        signups.cancel(signup)
        signup.refresh_from_db()
        done = True
    context = {
        "signup": signup,
        "done": done,
        "page_url": event.url,
        "back_url": event.url + event.reverse_subpage("signup_done", args=[token]),
    }
    return private(event.render(request, template="events/cancel.html", context_overrides=context))


def event_feed(request, event):
    return ics.response(ics.calendar(event.title, [event], request), f"event-{event.pk}.ics")
