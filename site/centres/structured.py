"""schema.org data of a centre: GovernmentOffice (市/区县/街道) or CivicStructure, with its opening hours,
its holiday closures and make-up working days as special opening hours."""

from . import hours

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _spec(rng, **extra):
    data = {
        "@type": "OpeningHoursSpecification",
        "opens": rng.opens.strftime("%H:%M"),
        # schema.org: a closing time before the opening time is on the next day; 24:00 is written 23:59.
        "closes": "23:59" if rng.end == hours.DAY and not rng.next_day else rng.closes.strftime("%H:%M"),
        **extra,
    }
    if rng.kind != hours.REGULAR:
        data["description"] = rng.kind_label
    return data


def opening_hours(schedule, today):
    return [
        _spec(rng, dayOfWeek=f"https://schema.org/{DAYS[rng.weekday]}")
        for rng in sorted(schedule.weekly_for(today), key=lambda r: (r.weekday, r.start))
    ]


def special_hours(schedule, today):
    """Holidays (closed: 00:00–00:00) and make-up days of this year and next, from today on."""
    specs = []
    closures = list(schedule.closures)
    if not schedule.open_on_holidays:
        for year in (today.year, today.year + 1):
            if calendar := schedule.calendars.get(year):
                closures += calendar.holidays
    for closure in sorted(closures, key=lambda c: c.start):
        if closure.end >= today:
            specs.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "name": closure.name,
                    "validFrom": closure.start.isoformat(),
                    "validThrough": closure.end.isoformat(),
                    "opens": "00:00",
                    "closes": "00:00",
                }
            )
    for year in (today.year, today.year + 1):
        calendar = schedule.calendars.get(year)
        for day in sorted(calendar.workdays) if calendar else ():
            if day >= today and schedule.closure_on(day)[0] is None:
                for rng in schedule.ranges_on(day):
                    specs.append(_spec(rng, validFrom=day.isoformat(), validThrough=day.isoformat(), name="调休上班"))
    return specs


def centre_data(centre, request):
    from .models import GOVERNMENT_LEVELS

    today = hours.local(None).date()
    schedule = centre.schedule()
    district = centre.district_home.district if centre.district_home else None
    data = {
        "@type": "GovernmentOffice" if centre.level in GOVERNMENT_LEVELS else "CivicStructure",
        "name": centre.title,
        "description": centre.description,
        "url": centre.get_full_url(request),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": centre.address,
            "addressLocality": district.name if district else "",
            "addressCountry": "CN",
        },
        "publicAccess": True,
        "isAccessibleForFree": True,
        "openingHoursSpecification": opening_hours(schedule, today),
    }
    if special := special_hours(schedule, today):
        data["specialOpeningHoursSpecification"] = special
    if centre.phone:
        data["telephone"] = centre.phone
    if centre.has_position:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(centre.latitude),
            "longitude": float(centre.longitude),
        }
    facilities = list(centre.facilities.all())
    if facilities:
        data["amenityFeature"] = [
            {"@type": "LocationFeatureSpecification", "name": f.kind, "value": True} for f in facilities
        ]
    # A GovernmentOffice is an organisation and has a parent; a CivicStructure is only a place.
    if data["@type"] == "GovernmentOffice" and (publisher := centre.publisher_data(request)):
        data["parentOrganization"] = publisher
    return data
