"""Demo content of the events app: every district's teams, an events section and a year of events.

Only what is missing is created, so loading twice changes nothing. Teams of the districts
whose demo rosters already have teams (西宁市, 玉门市) are reused.
"""

import datetime as dt

from django.utils import timezone

from districts.models import DistrictHomePage
from publishing.demo_data import text
from snippets.models import Community, VolunteerTeam

from . import demo_data
from .models import EventException, EventIndexPage, EventPage

DEFAULT_TEAMS = [
    ("社区党员志愿服务队", "党员志愿服务队", "社区党员就近就便开展邻里服务。"),
    ("青年志愿服务队", "青年志愿服务队", "青年志愿者参与环境整治、文明实践和应急服务。"),
]


def load(log):
    today = timezone.localdate()
    for home in DistrictHomePage.objects.select_related("district").order_by("district__code"):
        district = home.district
        teams = _teams(district)
        index = EventIndexPage.objects.child_of(home).first()
        if index is None:
            index = EventIndexPage(
                title="志愿活动",
                slug="events",
                intro="<p>社区党员、志愿者和“双报到”在职党员的志愿服务活动：看看近期有什么活动，报个名一起参加。</p>",
                search_description="近期的志愿服务活动，在线报名",
            )
            home.add_child(instance=index)
            index.save_revision().publish()
        existing = set(EventPage.objects.child_of(index).values_list("slug", flat=True))
        communities = list(Community.objects.filter(district=district).order_by("pk")[:3])
        made = [
            _event(index, spec, teams, communities[n % len(communities)] if communities else None, today)
            for n, spec in enumerate(demo_data.EVENTS)
            if spec[0] not in existing
        ]
        if made:
            log(f"  {district.name}：志愿活动 {len(made)} 个")


def _teams(district):
    teams = list(VolunteerTeam.objects.filter(district=district).order_by("pk"))
    if teams:
        return teams
    for name, kind, description in demo_data.TEAMS.get(district.code, DEFAULT_TEAMS):
        VolunteerTeam.objects.create(district=district, name=name, kind=kind, description=description)
    return list(VolunteerTeam.objects.filter(district=district).order_by("pk"))


def _pick(teams, words):
    for word in words:
        found = [t for t in teams if word in t.name]
        if found:
            return found[:1]
    return teams[:1]


def _first_saturday_from(day):
    """红心服务集市 is on the first Saturday of the month."""
    first = day.replace(day=1)
    return first + dt.timedelta(days=(5 - first.weekday()) % 7)


def _event(index, spec, teams, community, today):
    slug, title, category, days, hour, hours, repeat, capacity, audience, words, summary = spec
    day = today + dt.timedelta(days=days)
    if slug == "hongxin-jishi":
        day = _first_saturday_from(day)
    start = dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())
    page = EventPage(
        title=title,
        slug=slug,
        category=category,
        start=start,
        end=start + dt.timedelta(hours=hours),
        repeat=repeat,
        repeat_until=today + dt.timedelta(days=60) if repeat == "weekly" else None,
        community=community,
        location_name=f"{community.name}党群服务中心" if community else "社区党群服务中心",
        capacity=capacity,
        signup_deadline=start - dt.timedelta(hours=2),
        audience=audience,
        summary=summary,
        body=[text(summary)],
        cancelled=slug == demo_data.CANCELLED,
    )
    if slug in demo_data.REPORTS:
        page.report_served, page.report_account = demo_data.REPORTS[slug]
    page.teams = _pick(teams, words)
    if repeat == "monthly":
        # No market in the month of the Spring Festival: the first date in February is left out.
        february = next((o.date for o in page.occurrences(limit=14) if o.date.month == 2), None)
        if february:
            page.exceptions.add(EventException(date=february, reason="春节放假"))
    index.add_child(instance=page)
    page.save_revision().publish()
    return page
