"""The catalogue as open data in the shape of Open Referral's Human Services Data Specification
(HSDS 3.0), so that other directories (a 12345 hotline's knowledge base, a provincial portal, a
mini-program) can take a district's services, centres and hours without scraping its pages.

`tables(home, base_url)` builds HSDS's tables as lists of dicts; `as_services(tables)` nests them
into the JSON form of HSDS's `service` object, and `as_zip(tables)` writes the Tabular Data
Package (one CSV per table and a datapackage.json). Identifiers are UUIDs derived from the site's
own primary keys, so a record keeps its id from one export to the next. Only public fields are
exported: names, descriptions, the centres' public phones, addresses and hours.
"""

import csv
import datetime as dt
import io
import json
import uuid
import zipfile
from collections import defaultdict

from centres import hours
from centres.models import ServiceCentrePage
from centres.schedules import attach_schedules
from districts.codes import PROVINCE_NAMES

from .models import ServiceGuidePage, ServicePlace

VERSION = "3.0"
NAMESPACE = uuid.UUID("6f1c1d4e-6b5b-4d43-9b8e-2f0a3c5d7e91")  # this project's; never change it
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

# HSDS 3.0's required fields of each table ("required" and, for the tabular form,
# "tabular_required" of its JSON schemas), checked by `problems`.
REQUIRED = {
    "organizations": ["id", "name", "description"],
    "services": ["id", "name", "status", "organization_id"],
    "locations": ["id", "location_type"],
    "service_at_locations": ["id", "service_id", "location_id"],
    "addresses": ["id", "address_1", "city", "state_province", "postal_code", "country", "address_type"],
    "phones": ["id", "number"],
    "schedules": ["id"],
    "required_documents": ["id"],
    "taxonomies": ["id", "name", "description"],
    "taxonomy_terms": ["id", "name", "description"],
    "attributes": ["id", "link_id", "taxonomy_term_id", "link_entity"],
}
ENUMS = {
    ("services", "status"): {"active", "inactive", "defunct", "temporarily closed"},
    ("locations", "location_type"): {"physical", "postal", "virtual"},
    ("addresses", "address_type"): {"physical", "postal", "virtual"},
    ("schedules", "freq"): {"WEEKLY", "MONTHLY"},
}
# Which table's rows reference which, for the nested JSON form.
LINKS = {"organizations": "organization_id", "services": "service_id", "locations": "location_id"}


def hsds_id(kind, pk):
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{pk}"))


def _province_and_city(district):
    province = PROVINCE_NAMES.get(district.code[:2], "")
    city = district.parent.name if district.parent_id and district.level == "county" else district.name
    return province, city


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _schedule_rows(centre, location_id, today):
    """The centre's usual week as WEEKLY rules: ranges with the same times and kind share a row."""
    schedule = centre.schedule()
    grouped = defaultdict(list)
    for rng in schedule.weekly_for(today):
        grouped[(rng.opens, rng.closes, rng.next_day, rng.kind)].append(rng.weekday)
    calendar = schedule.calendar_for(today.year)
    closed = "；".join(
        f"{c.name} {c.start:%-m月%-d日}—{c.end:%-m月%-d日}闭馆"
        for c in (*(calendar.holidays if calendar and not schedule.open_on_holidays else ()), *schedule.closures)
        if c.end >= today
    )
    rows = []
    for (opens, closes, next_day, kind), days in sorted(grouped.items(), key=lambda item: min(item[1])):
        label = dict(hours.KIND_CHOICES)[kind]
        text = f"{'、'.join(hours.WEEKDAYS[d] for d in sorted(days))} {hours.clock(opens)}—"
        text += f"{'次日' if next_day else ''}{hours.clock(closes)}（{label}）"
        rows.append(
            {
                "id": hsds_id("schedule", f"{centre.pk}:{opens}:{closes}:{next_day}:{kind}"),
                "location_id": location_id,
                "freq": "WEEKLY",
                "wkst": "MO",
                "byday": ",".join(BYDAY[d] for d in sorted(days)),
                "opens_at": f"{opens:%H:%M}+08:00",
                "closes_at": f"{closes:%H:%M}+08:00",
                "timezone": 8,
                "description": text,
                "notes": closed,
                "attending_type": "需预约" if kind == hours.APPOINTMENT else "到场办理",
            }
        )
    return rows


def tables(home, base_url, today=None):
    """Every HSDS table for the district whose home page is `home`; `base_url` (no trailing
    slash) makes the pages' URLs absolute."""
    district = home.district
    today = today or hours.local(None).date()
    province, city = _province_and_city(district)
    organization_id = hsds_id("district", district.pk)
    out = {name: [] for name in REQUIRED}
    out["organizations"].append(
        {
            "id": organization_id,
            "name": district.name,
            "alternate_name": district.short_name,
            "description": district.slogan or f"{district.name}党群服务体系",
            "website": base_url + (home.get_url() or "/"),
        }
    )

    centres = attach_schedules(ServiceCentrePage.objects.live().public().descendant_of(home).order_by("path"))
    location_ids = {}
    for centre in centres:
        location_id = location_ids[centre.pk] = hsds_id("location", centre.pk)
        out["locations"].append(
            {
                "id": location_id,
                "organization_id": organization_id,
                "location_type": "physical",
                "name": centre.title,
                "description": centre.summary,
                "url": base_url + (centre.get_url() or ""),
                "latitude": float(centre.latitude) if centre.latitude is not None else None,
                "longitude": float(centre.longitude) if centre.longitude is not None else None,
            }
        )
        out["addresses"].append(
            {
                "id": hsds_id("address", centre.pk),
                "location_id": location_id,
                "address_1": centre.address,
                "city": city,
                "state_province": province,
                "postal_code": "",  # not kept by the site; the field is required, so present and empty
                "country": "CN",
                "address_type": "physical",
            }
        )
        if centre.phone:
            out["phones"].append(
                {"id": hsds_id("phone", f"centre:{centre.pk}"), "location_id": location_id, "number": centre.phone}
            )
        out["schedules"].extend(_schedule_rows(centre, location_id, today))

    guides = list(
        ServiceGuidePage.objects.live()
        .public()
        .descendant_of(home)
        .select_related("category")
        .prefetch_related("materials", "steps")
        .order_by("path")
    )
    places = defaultdict(list)
    for place in ServicePlace.objects.filter(page__in=guides).select_related("window").order_by("sort_order"):
        places[place.page_id].append(place)

    taxonomy_id = hsds_id("taxonomy", district.pk)
    out["taxonomies"].append(
        {"id": taxonomy_id, "name": "服务类别", "description": f"{district.name}办事服务目录的服务类别"}
    )
    terms = {}
    for guide in guides:
        service_id = hsds_id("service", guide.pk)
        category = guide.category
        if category.pk not in terms:
            terms[category.pk] = hsds_id("category", category.pk)
            out["taxonomy_terms"].append(
                {
                    "id": terms[category.pk],
                    "taxonomy_id": taxonomy_id,
                    "code": str(category.pk),
                    "name": category.name,
                    "description": category.description or category.name,
                    "language": "zh",
                }
            )
        out["attributes"].append(
            {
                "id": hsds_id("attribute", guide.pk),
                "link_id": service_id,
                "link_type": "category",
                "link_entity": "service",
                "taxonomy_term_id": terms[category.pk],
            }
        )
        steps = "；".join(
            f"{n}. {step.title}" + (f"：{step.text}" if step.text else "")
            for n, step in enumerate(guide.steps.all(), 1)
        )
        description = "\n".join(
            part
            for part in (
                f"服务对象：{guide.audience}" if guide.audience else "",
                "办理条件：" + "；".join(_lines(guide.conditions)) if guide.conditions else "",
                f"承诺时限：{guide.promised_time_limit}" if guide.promised_time_limit else "",
                f"到现场次数：{guide.visits_label}" if guide.visits_label else "",
                f"可代办（{guide.proxy_label}）：{guide.proxy_how}" if guide.can_proxy else "",
            )
            if part
        )
        out["services"].append(
            {
                "id": service_id,
                "organization_id": organization_id,
                "name": guide.title,
                "alternate_name": guide.code,
                "description": description or guide.title,
                "url": guide.online_url or base_url + (guide.get_url() or ""),
                "status": "active",
                "eligibility_description": guide.audience,
                "application_process": steps,
                "fees_description": guide.fees,
                "assured_date": f"{guide.last_published_at or guide.latest_revision_created_at or today:%Y-%m-%d}",
            }
        )
        for number in [n for n in guide.consult_phone.split("、") if n]:
            out["phones"].append(
                {
                    "id": hsds_id("phone", f"guide:{guide.pk}:{number}"),
                    "service_id": service_id,
                    "number": number,
                    "description": "咨询电话",
                }
            )
        for material in guide.materials.all():
            text = f"{material.name}（{material.summary}）" + ("" if material.required else "，视情况提供")
            out["required_documents"].append(
                {
                    "id": hsds_id("document", material.pk),
                    "service_id": service_id,
                    "document": text + (f"；{material.note}" if material.note else ""),
                }
            )
        for place in places[guide.pk]:
            if place.centre_id not in location_ids:
                continue  # a place named in words, or a centre not (yet) published: no location to link
            out["service_at_locations"].append(
                {
                    "id": hsds_id("service_at_location", place.pk),
                    "service_id": service_id,
                    "location_id": location_ids[place.centre_id],
                    "description": "；".join(
                        part for part in (place.window.label if place.window_id else "", place.shown_hours) if part
                    ),
                }
            )
    return out


def problems(data):
    """What keeps `data` (tables) from being valid HSDS 3.0: missing required fields, values
    outside an enumeration, ids that are not UUIDs or not unique, links to rows that do not exist."""
    found = []
    ids = {name: {row["id"] for row in rows} for name, rows in data.items()}
    for name, rows in data.items():
        seen = set()
        for number, row in enumerate(rows, 1):
            for field in REQUIRED[name]:
                if row.get(field) is None:
                    found.append(f"{name} 第{number}行缺少必填字段 {field}")
            for (table, field), allowed in ENUMS.items():
                if table == name and row.get(field) is not None and row[field] not in allowed:
                    found.append(f"{name} 第{number}行 {field} 的值 {row[field]!r} 不在允许的取值中")
            try:
                uuid.UUID(row.get("id") or "")
            except ValueError:
                found.append(f"{name} 第{number}行的 id 不是 UUID")
            if row.get("id") in seen:
                found.append(f"{name} 第{number}行的 id 重复")
            seen.add(row.get("id"))
            for table, field in LINKS.items():
                if row.get(field) and row[field] not in ids[table]:
                    found.append(f"{name} 第{number}行的 {field} 指向不存在的记录")
    return found


def as_services(data):
    """HSDS's nested JSON: each service with its organization, phones, documents, attributes and
    service_at_locations (each with its location, address, phones and schedules)."""
    by = defaultdict(lambda: defaultdict(list))
    for name in ("phones", "schedules", "addresses", "required_documents", "service_at_locations"):
        for row in data[name]:
            for field in ("service_id", "location_id"):
                if row.get(field):
                    by[(name, field)][row[field]].append(row)
    terms = {t["id"]: t for t in data["taxonomy_terms"]}
    taxonomies = {t["id"]: t for t in data["taxonomies"]}
    attributes = defaultdict(list)
    for attribute in data["attributes"]:
        term = dict(terms[attribute["taxonomy_term_id"]])
        term["taxonomy_detail"] = taxonomies.get(term.get("taxonomy_id"))
        attributes[attribute["link_id"]].append(attribute | {"taxonomy_term": term})
    organizations = {o["id"]: o for o in data["organizations"]}
    locations = {
        loc["id"]: loc
        | {
            "addresses": by[("addresses", "location_id")][loc["id"]],
            "phones": by[("phones", "location_id")][loc["id"]],
            "schedules": by[("schedules", "location_id")][loc["id"]],
        }
        for loc in data["locations"]
    }
    return [
        service
        | {
            "organization": organizations[service["organization_id"]],
            "phones": by[("phones", "service_id")][service["id"]],
            "required_documents": by[("required_documents", "service_id")][service["id"]],
            "attributes": attributes[service["id"]],
            "service_at_locations": [
                link | {"location": locations[link["location_id"]]}
                for link in by[("service_at_locations", "service_id")][service["id"]]
            ],
        }
        for service in data["services"]
    ]


def _columns(rows):
    columns = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    return columns


def as_zip(data, name):
    """The Tabular Data Package: one UTF-8 CSV per table (with a BOM, so that Excel opens it)
    and a datapackage.json describing them."""
    buffer = io.BytesIO()
    resources = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table, rows in data.items():
            columns = _columns(rows) or REQUIRED[table]
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\r\n")
            writer.writeheader()
            writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)
            archive.writestr(f"{table}.csv", "\ufeff" + text.getvalue())
            resources.append(
                {
                    "name": table,
                    "path": f"{table}.csv",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8-sig",
                    "profile": "tabular-data-resource",
                    "schema": {
                        "fields": [{"name": c, "type": "string"} for c in columns],
                        "primaryKey": "id",
                    },
                }
            )
        package = {
            "name": name,
            "profile": "tabular-data-package",
            "title": f"{name}（HSDS {VERSION}）",
            "created": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "resources": resources,
        }
        archive.writestr("datapackage.json", json.dumps(package, ensure_ascii=False, indent=2))
    return buffer.getvalue()
