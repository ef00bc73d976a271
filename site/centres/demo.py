"""Demo content of the centres app: for every district a 党群服务中心 index page with its phone
numbers, the district's calendars for 2026 and 2027, and its centres (demo_data). Only what is
missing is created, so loading twice changes nothing."""

import datetime as dt
import io

from PIL import Image as PILImage
from PIL import ImageDraw

from districts.demo import demo_image
from districts.models import DistrictHomePage
from snippets.models import Community

from . import demo_data
from .models import (
    CalendarHoliday,
    CalendarHours,
    CalendarWorkday,
    CentreFacility,
    CentreHours,
    CentrePhoto,
    DistrictCalendar,
    EmergencyNumber,
    ServiceCentreIndexPage,
    ServiceCentrePage,
    ServiceWindow,
)


def load(log):
    homes = DistrictHomePage.objects.filter(district__code__in=demo_data.CENTRES).select_related("district")
    for home in homes:
        district = home.district
        code = district.code
        _calendars(district, demo_data.EAST_WEEK if code in demo_data.EAST else demo_data.WEST_WEEK)
        index = _index(home, code)
        photo = None
        for spec in demo_data.CENTRES[code]:
            if not index.get_children().filter(slug=spec[1]).exists():
                photo = photo or demo_image(
                    district,
                    f"{district.name}党群服务中心",
                    building_png(district.colour_primary),
                    f"centre-{code}.png",
                )
                _centre(index, district, spec, photo)
        log(f"  {district.name}：{len(demo_data.CENTRES[code])}个党群服务中心（站）")


def _calendars(district, week):
    specs = [
        (2026, demo_data.NOTE_2026, demo_data.HOLIDAYS_2026, demo_data.WORKDAYS_2026),
        (2027, demo_data.NOTE_2027, demo_data.HOLIDAYS_2027, []),
    ]
    for year, note, holidays, workdays in specs:
        if DistrictCalendar.objects.filter(district=district, year=year).exists():
            continue
        calendar = DistrictCalendar(district=district, year=year, note=note)
        calendar.hours = [_hours(CalendarHours, row) for row in week]
        calendar.holidays = [
            CalendarHoliday(name=name, start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end))
            for name, start, end in holidays
        ]
        calendar.workdays = [
            CalendarWorkday(date=dt.date.fromisoformat(day), weekday=weekday, name=name)
            for day, weekday, name in workdays
        ]
        calendar.full_clean()
        calendar.save()


def _hours(model, row):
    weekday, opens, closes, kind, *rest = row
    return model(
        weekday=weekday,
        opens=dt.time.fromisoformat(opens),
        closes=dt.time.fromisoformat(closes),
        kind=kind,
        next_day=bool(rest and rest[0]),
    )


def _index(home, code):
    index = ServiceCentreIndexPage.objects.child_of(home).first()
    if index is not None:
        return index
    index = ServiceCentreIndexPage(
        title="党群服务中心",
        slug="centres",
        intro=demo_data.INDEX_INTRO.get(code, "<p>党群服务中心、服务站和红色驿站：在哪里、什么时候开、能办什么。</p>"),
        handbook_intro=demo_data.HANDBOOK_INTRO.get(code, ""),
        search_description="找离您最近、正在开放的服务中心，查地址、电话和开放时间",
    )
    numbers = demo_data.EMERGENCY + demo_data.EXTRA_EMERGENCY.get(code, [])
    index.emergency_numbers = [EmergencyNumber(name=name, number=number) for name, number in numbers]
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def _centre(index, district, spec, photo):
    title, slug, level, community_name, address, lat, lng, phone, summary, options = spec
    community = Community.objects.filter(district=district, name=community_name).first() if community_name else None
    centre = ServiceCentrePage(
        title=title,
        slug=slug,
        level=level,
        community=community,
        address=address,
        latitude=lat,
        longitude=lng,
        phone=phone,
        summary=summary,
        appointment=options.get("appointment", ""),
        open_on_holidays=options.get("holidays_open", False),
    )
    centre.windows = [
        ServiceWindow(name=name, number=str(number), handles=demo_data.WINDOW_HANDLES.get(name, ""))
        for number, name in enumerate(options.get("windows", []), start=1)
    ]
    centre.facilities = [CentreFacility(kind=kind, note=note) for kind, note in options.get("facilities", [])]
    centre.hours = [_hours(CentreHours, row) for row in options.get("week", [])]
    centre.photos = [CentrePhoto(image=photo, caption=f"{title}外景")]
    index.add_child(instance=centre)
    centre.full_clean()
    centre.save_revision().publish()
    return centre


def building_png(colour, width=640, height=400):
    """A service centre's front drawn in the brand colour (no font needed): for demo photos."""
    img = PILImage.new("RGB", (width, height), "#dfe9f3")
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, height * 0.82, width, height), fill="#9aa5ad")
    draw.rectangle((80, 110, width - 80, height * 0.82), fill="#f4efe6", outline="#6b6b6b", width=3)
    draw.rectangle((80, 90, width - 80, 130), fill=colour)
    for row in range(2):
        for col in range(6):
            x, y = 110 + col * 75, 160 + row * 70
            draw.rectangle((x, y, x + 45, y + 45), fill="#8fb3d1", outline="#5c7080", width=2)
    draw.rectangle((width / 2 - 40, height * 0.82 - 90, width / 2 + 40, height * 0.82), fill="#6d4c2f")
    buffer = io.BytesIO()
    img.save(buffer, format="PNG", optimize=True)
    buffer.seek(0)
    return buffer
