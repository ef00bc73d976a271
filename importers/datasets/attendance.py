"""`event_attendance` — 志愿活动签到: who came to which event, for how long.

Key: (event, 手机号码); for an event that repeats, the date of 签到时间 tells the dates apart.
Writing a sheet adds each row's hours to the volunteer with that mobile and, where the person
is an active "双报到" party member, the event's points to their check-in (the one in the
event's community when there are several). A re-imported row adds only the difference, and
undoing the batch takes back what it added.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import F, Q
from django.utils import timezone

from districts.models import DistrictHomePage
from events.models import Attendance, EventPage
from snippets.models import PartyCheckin, Volunteer
from snippets.privacy import mask_mobile

from .. import cleaning
from ..errors import CellError
from ..models import ImportChange
from ..names import name_key
from .base import Column, DatasetResource, render_cell
from .people import mobile_column, name_column


def aware(value):
    value = cleaning.datetime(value)
    return None if value is None else timezone.make_aware(value)


def hours(value):
    return cleaning.decimal(value, places=1, maximum=Decimal(24))


def render_event(event):
    return event.title if event else ""


class AttendanceResource(DatasetResource):
    dataset_name, label = "event_attendance", "志愿活动签到"
    people = False

    event = Column(
        "event", "活动名称", "活动编号", "活动", required=True, export_attribute="event", render=render_event
    )
    name = name_column()
    mobile = mobile_column("手机号")
    checked_in_at = Column("checked_in_at", "签到时间", "签到日期", parse=aware)
    hours = Column("hours", "服务时长（小时）", "时长", "服务时长", "服务时长(小时)", parse=hours)

    class Meta:
        model = Attendance
        fields = export_order = ("event", "name", "mobile", "checked_in_at", "hours")

    # -- reading --------------------------------------------------------------------------

    def prepare(self, district):
        super().prepare(district)
        events = self._events(district)
        self.events_by_id = {e.pk: e for e in events}
        self.events_by_title = defaultdict(list)
        for e in events:
            self.events_by_title[name_key(e.title)].append(e)
        self.volunteers = dict(Volunteer.objects.filter(district=district).values_list("mobile", "pk"))
        self.checkins = defaultdict(list)
        for pk, mobile, community_id in PartyCheckin.objects.filter(district=district, is_active=True).values_list(
            "pk", "mobile", "community_id"
        ):
            self.checkins[mobile].append((pk, community_id))

    @staticmethod
    def _events(district):
        """The event pages in the district's subtree(s)."""
        paths = DistrictHomePage.objects.filter(district=district).values_list("path", flat=True)
        subtrees = Q(pk__in=[])
        for path in paths:
            subtrees |= Q(path__startswith=path)
        return list(EventPage.objects.filter(subtrees).prefetch_related("exceptions"))

    def find_event(self, value):
        text = cleaning.text(value)
        if text.isdigit() and int(text) in self.events_by_id:
            return self.events_by_id[int(text)]
        matches = self.events_by_title.get(name_key(text), [])
        if len(matches) > 1:
            raise CellError(f"本行政区有{len(matches)}个名为“{text}”的活动，请填写活动编号", "event")
        if not matches:
            raise CellError(f"活动不存在：本行政区没有名为“{text}”的活动", "event")
        return matches[0]

    def resolve(self, values):
        event = self.find_event(values.pop("event"))
        values["event_id"] = event.pk
        checked_in = values.get("checked_in_at")
        if event.repeats:
            if checked_in is None:
                raise CellError("这是重复举办的活动，请填写签到时间，以便知道是哪一天", "checked_in_at")
            day = timezone.localtime(checked_in).date()
            if event.occurrence_on(day) is None:
                raise CellError(f"活动“{event.title}”在{day:%Y年%-m月%-d日}没有举办", "checked_in_at")
            values["occurrence"] = day
        else:
            values["occurrence"] = timezone.localtime(event.start).date()
        values["name"] = cleaning.compact(values["name"])
        values.setdefault("hours", None)
        if values["hours"] is None:
            values["hours"] = Decimal(event.duration.total_seconds() / 3600).quantize(Decimal("0.1"))
        values["volunteer_id"] = self.volunteers.get(values["mobile"])
        checkins = self.checkins.get(values["mobile"], [])
        checkin = next((pk for pk, community in checkins if community == event.community_id), None)
        if checkin is None and checkins:
            checkin = checkins[0][0]
        values["party_checkin_id"] = checkin
        values["points"] = event.points if checkin else 0
        return values

    def keys(self, values, stored=False):
        return [("attendance", values.get("event_id"), values.get("occurrence"), values.get("mobile"))]

    def key_column(self, values):
        return "mobile"

    def stored(self, rows):
        found = super().stored(rows)
        return found if rows is None else found.filter(mobile__in={r.values["mobile"] for r in rows})

    def describe(self, values):
        event = self.events_by_id.get(values.get("event_id")) if hasattr(self, "events_by_id") else None
        return f"{values.get('name', '')}（{event.title}）" if event else values.get("name", "")

    def display(self, name, value, mask=True):
        if value in (None, ""):
            return ""
        if name == "event_id":
            event = self.events_by_id.get(value)
            return event.title if event else str(value)
        if name == "mobile" and mask:
            return mask_mobile(value)
        return render_cell(value)

    def display_pair(self, name, old, new):
        return self.display(name, old), self.display(name, new)

    def export_queryset(self, district):
        return Attendance.objects.filter(district=district).select_related("event")

    # -- writing: hours and points follow the rows ----------------------------------------

    def write(self, new, changed, batch):
        super().write(new, changed, batch)
        credit = Credit()
        for row in new:
            credit.add(
                row.values.get("volunteer_id"),
                row.values["hours"],
                row.values.get("party_checkin_id"),
                row.values["points"],
            )
        for row in changed:
            before, after = {**row.stored}, {**row.stored, **row.values}
            credit.add(before.get("volunteer_id"), -before["hours"], before.get("party_checkin_id"), -before["points"])
            credit.add(after.get("volunteer_id"), after["hours"], after.get("party_checkin_id"), after["points"])
        credit.apply()

    def affected_by(self, batch):
        """Before an undo: what the batch added, to be taken back once its rows are gone or restored."""
        credit = Credit()
        for row in Attendance.objects.filter(import_batch=batch).values():
            credit.add(row["volunteer_id"], -row["hours"], row["party_checkin_id"], -row["points"])
        updated = dict(
            ImportChange.objects.filter(batch=batch, action=ImportChange.UPDATED).values_list("object_id", "before")
        )
        for row in Attendance.objects.filter(pk__in=list(updated)).values():
            before = {**row, **updated[row["id"]]}
            credit.add(row["volunteer_id"], -row["hours"], row["party_checkin_id"], -row["points"])
            credit.add(
                before["volunteer_id"], Decimal(str(before["hours"])), before["party_checkin_id"], int(before["points"])
            )
        return credit

    def after_change(self, district, affected):
        if affected is not None:
            affected.apply()


class Credit:
    """Hours per volunteer and points per check-in, added up and written in a few UPDATEs."""

    def __init__(self):
        self.hours, self.points = defaultdict(Decimal), defaultdict(int)

    def add(self, volunteer_id, hours, checkin_id, points):
        if volunteer_id and hours:
            self.hours[volunteer_id] += Decimal(hours)
        if checkin_id and points:
            self.points[checkin_id] += int(points)

    def apply(self):
        for pk, amount in self.hours.items():
            if amount:
                Volunteer.objects.filter(pk=pk).update(hours=F("hours") + amount)
        for pk, amount in self.points.items():
            if amount:
                PartyCheckin.objects.filter(pk=pk).update(points=F("points") + amount)
