"""Demo content of the districts app: the portal, seven districts, their places and accounts."""

import io
import math
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from snippets.models import Community, Grid, Street

from . import demo_data
from .models import District, DistrictHomePage, DistrictRole, PortalHomePage
from .provisioning import district_collection


def load(log):
    portal = _portal(log)
    for spec in demo_data.DISTRICTS:
        district = _district(spec, log)
        _home_page(portal, district, spec, log)
        _places(district, spec["streets"])
        _emblem(district, spec)
    if settings.DEBUG:
        _accounts(log)
    else:
        log("DEBUG 未开启：跳过演示账号（演示密码只用于开发环境）。")


def _portal(log):
    site = Site.objects.filter(is_default_site=True).first()
    if site and isinstance(site.root_page.specific, PortalHomePage):
        return site.root_page.specific
    root = Page.get_first_root_node()
    portal = PortalHomePage.objects.first()
    if portal is None:
        # Replace Wagtail's "Welcome" page, which holds the slug we want.
        for page in root.get_children().filter(slug="home", depth=2):
            if page.specific_class is Page and not page.get_children().exists():
                page.delete()
        portal = PortalHomePage(title=demo_data.PORTAL["title"], slug="home", intro=demo_data.PORTAL["intro"])
        root.add_child(instance=portal)
        portal.save_revision().publish()
        log(f"门户首页：{portal.title}")
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=portal, is_default_site=True, site_name="门户")
    else:
        site.root_page = portal
        site.site_name = site.site_name or "门户"
        site.save()
    return portal


def _district(spec, log):
    district = District.objects.filter(code=spec["code"]).first()
    if district:
        return district
    primary, on_primary, accent = spec["colours"]
    district = District(
        code=spec["code"],
        name=spec["name"],
        short_name=spec["short_name"],
        level=spec["level"],
        slogan=spec["slogan"],
        colour_primary=primary,
        colour_on_primary=on_primary,
        colour_accent=accent,
    )
    district.full_clean()
    district.save()
    log(f"行政区：{district.name}（{district.code}）")
    return district


def _figures(spec):
    items = [
        {
            "value": Decimal(str(value)),
            "unit": unit,
            "label": label,
            "as_of": date.fromisoformat(as_of),
            "source": spec["source"],
        }
        for value, unit, label, as_of in spec["figures"]
    ]
    return [("figures", {"heading": "治理成效", "items": items})]


def _home_page(portal, district, spec, log):
    if DistrictHomePage.objects.filter(district=district).exists():
        return
    home = DistrictHomePage(
        title=district.name,
        slug=spec["slug"],
        district=district,
        intro=spec["intro"],
        figures=_figures(spec),
        search_description=spec["slogan"],
    )
    portal.add_child(instance=home)
    home.save_revision().publish()
    log(f"  首页：/{spec['slug']}/")


def _places(district, streets):
    for street_name, communities in streets.items():
        street, _ = Street.objects.get_or_create(district=district, name=street_name)
        for community_name, grids in communities.items():
            community, _ = Community.objects.get_or_create(
                district=district, name=community_name, defaults={"street": street}
            )
            parent = None
            for number, grid in enumerate(grids, start=1):
                name, level = grid if isinstance(grid, tuple) else (grid, 3)
                households = 380 + 37 * number
                obj, _ = Grid.objects.get_or_create(
                    community=community,
                    name=name,
                    defaults={
                        "district": district,
                        "code": f"{district.code}-{community.pk:03d}-{number:02d}",
                        "level": level,
                        "parent": parent if parent and parent.level == level - 1 else None,
                        "households": None if level < 3 else households,
                        "party_branch": f"{name}党支部",
                    },
                )
                parent = obj


def _emblem(district, spec):
    if district.emblem_id:
        return
    png = emblem_png(district.colour_primary)
    image = demo_image(district, f"{district.name}治理品牌标识", png, f"emblem-{district.code}.png")
    District.objects.filter(pk=district.pk).update(emblem=image)


def demo_image(district, title, png, filename):
    """The demo image of that title in the district's collection, made from `png` the first time."""
    image_model = get_image_model()
    collection = district_collection(district)
    image = image_model.objects.filter(title=title, collection=collection).first()
    if image is None:
        image = image_model(title=title, collection=collection, file=ImageFile(png, name=filename))
        image.save()
    return image


def emblem_png(colour, size=320):
    """A round emblem: a five-pointed star on the brand colour, drawn without any font."""
    img = PILImage.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(img)
    draw.ellipse((8, 8, size - 8, size - 8), fill=colour)
    draw.ellipse((30, 30, size - 30, size - 30), outline="#f6d36b", width=8)
    centre, outer, inner = size / 2, size * 0.3, size * 0.12
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((centre + radius * math.cos(angle), centre + radius * math.sin(angle)))
    draw.polygon(points, fill="#f6d36b")
    buffer = io.BytesIO()
    img.save(buffer, format="PNG", optimize=True)
    buffer.seek(0)
    return buffer


def _accounts(log):
    users = get_user_model()
    name, password = demo_data.DEMO_SUPERUSER
    if not users.objects.filter(username=name).exists():
        users.objects.create_superuser(name, f"{name}@example.invalid", password)
    rows = [("超级管理员", name, password)]
    for username, code, role in demo_data.DEMO_ACCOUNTS:
        district_role = DistrictRole.objects.select_related("group", "district").get(district__code=code, role=role)
        user = users.objects.filter(username=username).first()
        if user is None:
            user = users.objects.create_user(username, f"{username}@example.invalid", demo_data.DEMO_PASSWORD)
            user.groups.add(district_role.group)
        rows.append((str(district_role), username, demo_data.DEMO_PASSWORD))
    log("演示账号（仅用于开发环境）：")
    for label, username, pw in rows:
        log(f"  {label:<18} 用户名 {username:<16} 密码 {pw}")
