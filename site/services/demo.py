"""Demo content of the services app: every district's categories, life situations, a 办事服务
catalogue and its guides (the full set for 西宁 and 玉门, the first few elsewhere); once every
app has loaded (finish), each guide is linked to the demo centres whose windows offer it, and
a home page composed before the catalogue existed gets a shortcut to it.

Only what is missing is created, so loading twice changes nothing.
"""

import copy
import re
import uuid

from districts.models import DistrictHomePage

from . import demo_data
from .models import (
    LifeSituation,
    RelatedService,
    ServiceCatalogPage,
    ServiceCategory,
    ServiceGuidePage,
    ServiceMaterial,
    ServicePlace,
    ServiceQuestion,
    ServiceStep,
)

CATALOGUE_SLUG = "services"
SUFFIX = re.compile(r"(申领|申请|办理|登记)$")
PLACES_PER_GUIDE = 3


def load(log):
    for home in DistrictHomePage.objects.select_related("district").order_by("district__code"):
        district = home.district
        categories = _rows(ServiceCategory, district, demo_data.CATEGORIES)
        situations = _rows(LifeSituation, district, demo_data.SITUATIONS)
        catalogue = _catalogue(home)
        specs = demo_data.GUIDES
        if district.code not in demo_data.FULL_CATALOGUE:
            specs = specs[: demo_data.FEW_GUIDES]
        existing = set(ServiceGuidePage.objects.child_of(catalogue).values_list("slug", flat=True))
        made = [_guide(catalogue, spec, categories, situations) for spec in specs if spec[0] not in existing]
        if made:
            log(f"  {district.name}：办事指南 {len(made)} 项")


def _rows(model, district, specs):
    rows = {}
    for name, icon, order, description in specs:
        rows[name], _ = model.objects.get_or_create(
            district=district, name=name, defaults={"icon": icon, "order": order, "description": description}
        )
    return rows


def _catalogue(home):
    catalogue = ServiceCatalogPage.objects.child_of(home).first()
    if catalogue is None:
        catalogue = ServiceCatalogPage(
            title="办事服务",
            slug=CATALOGUE_SLUG,
            intro="<p>在家门口办事：查一查要带什么材料、到哪个服务中心办、现在开没开门，"
            "行动不便的可以请网格员“红色代办”。</p>",
            proxy_note="行动不便的老人、残疾人，可联系网格员上门代办（红色代办）。",
            search_description="办事指南：带什么材料、到哪里办、能不能代办",
        )
        home.add_child(instance=catalogue)
        catalogue.save_revision().publish()
    return catalogue


def _phone(district, offset):
    area = demo_data.AREA_CODES.get(district.code, "0971")
    return f"{area}-{8_120_000 + offset}" if len(area) == 4 else f"{area}-{24_120_000 + offset}"


def _guide(catalogue, spec, categories, situations):
    (
        slug,
        title,
        category,
        situation_names,
        audience,
        conditions,
        materials,
        steps,
        legal_limit,
        promised_limit,
        visits,
        fees,
        proxy,
        online,
        _window,
        basis,
        questions,
    ) = spec
    district = catalogue.district
    number = [g[0] for g in demo_data.GUIDES].index(slug) + 1
    online_name, online_url = demo_data.ONLINE.get(district.code, ("", "")) if online else ("", "")
    page = ServiceGuidePage(
        title=title,
        slug=slug,
        code=f"{district.code}-{number:04d}",
        category=categories[category],
        audience=audience,
        conditions=conditions,
        legal_basis=basis,
        legal_time_limit=legal_limit,
        promised_time_limit=promised_limit,
        visits=visits,
        fees=fees,
        hours="法定工作日 上午 9:00—12:00，下午 14:30—17:30（夏季 15:00—18:00）",
        consult_phone=_phone(district, number),
        complaint_phone="12345",
        can_proxy=bool(proxy),
        proxy_kind=proxy,
        proxy_how=(demo_data.RED_PROXY if proxy == "红色代办" else demo_data.AGENT_PROXY) if proxy else "",
        online_url=online_url,
        online_name=online_name,
        search_description=f"{title}：服务对象、所需材料、办理流程和地点",
    )
    page.life_situations = [situations[name] for name in situation_names]
    page.materials = [
        ServiceMaterial(
            name=name, form=form, copies=copies, medium=medium, note=note, required=not note.startswith("由")
        )
        for name, form, copies, medium, note in materials
    ]
    page.steps = [ServiceStep(title=step, text=text) for step, text in steps]
    page.questions = [ServiceQuestion(question=q, answer=a) for q, a in questions]
    # Related: the guides of the same category made before this one.
    page.related = [
        RelatedService(service=other)
        for other in ServiceGuidePage.objects.child_of(catalogue).filter(category=page.category).order_by("path")[:2]
    ]
    catalogue.add_child(instance=page)
    page.save_revision().publish()
    return page


# -- finish: links to the centres app's pages ----------------------------------------------------


def finish(log):
    from centres.models import ServiceCentrePage

    windows_of = {spec[0]: spec[14] for spec in demo_data.GUIDES}
    for home in DistrictHomePage.objects.select_related("district").order_by("district__code"):
        catalogue = ServiceCatalogPage.objects.child_of(home).first()
        if catalogue is None:
            continue
        centres = list(
            ServiceCentrePage.objects.live().descendant_of(home).order_by("path").prefetch_related("windows")
        )
        guides = ServiceGuidePage.objects.child_of(catalogue).filter(places__isnull=True)
        linked = 0
        for guide in guides:
            guide.places = _places_for(guide, windows_of.get(guide.slug, ""), centres)
            guide.save_revision().publish()
            linked += 1
        if linked:
            log(f"  {home.district.name}：{linked} 项办事指南关联了办理地点")
        _home_shortcut(home, catalogue, log)


def _places_for(guide, window_word, centres):
    """Up to three centres whose windows handle the guide (by its title, else by the window's
    name), each with that window; none matching, the district's first centres; no centres,
    the community centres in words."""
    core = SUFFIX.sub("", guide.title)  # 高龄津贴申领 → 高龄津贴, as a window's list may say 申请
    by_handles, by_name = [], []
    for centre in centres:
        windows = list(centre.windows.all())
        window = next((w for w in windows if core in w.handles), None)
        if window is not None:
            by_handles.append((centre, window))
        elif window := next((w for w in windows if window_word and window_word in w.name), None):
            by_name.append((centre, window))
    found = by_handles + by_name
    if not found:
        found = [(centre, None) for centre in centres[:2]]
    places = [ServicePlace(centre=centre, window=window) for centre, window in found[:PLACES_PER_GUIDE]]
    if len(places) > 1 and guide.slug == "gaoling-jintie":
        # The same service, other hours: a community centre takes it on two mornings only.
        places[-1].hours = "每周二、周四上午 9:00—12:00（高龄津贴集中受理）"
    if not places:
        places = [ServicePlace(name="户籍所在社区党群服务中心", hours="法定工作日")]
    return places


def _home_shortcut(home, catalogue, log):
    """A home page composed before the catalogue existed gets a shortcut to it, if there is room."""
    home = home.specific
    raw = copy.deepcopy(list(home.body.raw_data))
    block = next((b for b in raw if b["type"] == "shortcuts"), None)
    if block is None:
        return
    items = block["value"]["items"]
    wrapped = bool(items) and items[0].get("type") == "item"  # ListBlock's newer raw format
    values = [item["value"] if wrapped else item for item in items]
    if len(items) >= 8 or any(v.get("link", {}).get("page") == catalogue.pk for v in values):
        return
    item = {"label": "办事服务", "description": "带什么材料、到哪里办", "link": {"page": catalogue.pk, "url": ""}}
    items.insert(0, {"type": "item", "value": item, "id": str(uuid.uuid4())} if wrapped else item)
    home.body = raw
    home.save_revision().publish()
    log(f"  {home.district.name}首页：快捷入口加上“办事服务”")
