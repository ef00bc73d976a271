"""One district's whole content in one zip archive: for moving a district to another server,
handing it over, or keeping it when the district leaves the platform.

    manifest.json          what is inside, counted; whether personal data is masked
    pages.json             every page of the district's subtree, with Wagtail's serializable data
                           and every revision's content
    rosters/<dataset>.xlsx every import-export dataset (the spec's headers, re-importable), phone
                           and ID numbers masked unless asked otherwise
    records.json           the district's other rows (streets, communities, teams, categories, …),
                           phone numbers masked the same way; secrets (tokens) left out
    images/, documents/    the files of the district's collection and of the images and documents
                           its pages use, with images.json / documents.json describing them

Nothing of another district goes in: pages come from the district's subtree, rows from the
district's own querysets, files from its collection or its pages' references.
"""

import datetime as dt
import json
import zipfile

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, ReferenceIndex

from importers import exports
from importers.datasets import DATASETS
from snippets.privacy import mask_id_number, mask_phone

from .models import DistrictHomePage

FORMAT = 1
# Fields of the generic records that hold personal data (masked) or secrets (never exported).
MASKED = {"mobile": mask_phone, "phone": mask_phone, "work_phone": mask_phone, "id_number": mask_id_number}
SECRET = {"token", "password"}
# Kept elsewhere or not content: import history holds whole uploaded files of personal data.
SKIPPED_MODELS = {"importers.importbatch", "importers.importchange"}


def _json(data):
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode()


def district_pages(district):
    home = DistrictHomePage.objects.filter(district=district).first()
    if home is None:
        return Page.objects.none()
    return Page.objects.descendant_of(home, inclusive=True).order_by("path")


def page_record(page):
    revisions = page.revisions.order_by("created_at", "pk").select_related("user")
    return {
        "id": page.pk,
        "type": page.specific_class._meta.label_lower if page.specific_class else "",
        "title": page.title,
        "slug": page.slug,
        "url_path": page.url_path,
        "depth": page.depth,
        "live": page.live,
        "has_unpublished_changes": page.has_unpublished_changes,
        "first_published_at": page.first_published_at,
        "last_published_at": page.last_published_at,
        "latest_revision": page.latest_revision_id,
        "data": page.specific.serializable_data(),
        "revisions": [
            {
                "id": revision.pk,
                "created_at": revision.created_at,
                "user": revision.user.get_username() if revision.user else None,
                "approved_go_live_at": revision.approved_go_live_at,
                "content": revision.content,
            }
            for revision in revisions
        ],
    }


def district_owned_models():
    """Models with a `district` foreign key, other than the datasets' own (exported as rosters)."""
    dataset_models = {resource._meta.model for resource in DATASETS.values()}
    from .models import District

    for model in apps.get_models():
        if model in dataset_models or model._meta.label_lower in SKIPPED_MODELS or issubclass(model, Page):
            continue
        field = next((f for f in model._meta.concrete_fields if f.name == "district"), None)
        if isinstance(field, models.ForeignKey) and field.related_model is District:
            yield model


def row_record(instance, mask):
    record = {"id": instance.pk}
    for field in instance._meta.concrete_fields:
        if field.primary_key or field.name in SECRET:
            continue
        value = field.value_from_object(instance)
        if mask and field.name in MASKED and value:
            value = MASKED[field.name](str(value))
        record[field.attname] = value
    return record


def district_collections(district):
    if not district.collection_id:
        return Collection.objects.none()
    return Collection.objects.descendant_of(district.collection, inclusive=True)


def referenced_ids(pages, model):
    """Ids of `model` rows the pages refer to (Wagtail's reference index: choosers, rich text, blocks)."""
    page_type = ContentType.objects.get_for_model(Page)
    ids = ReferenceIndex.objects.filter(
        base_content_type=page_type,
        object_id__in=[str(pk) for pk in pages.values_list("pk", flat=True)],
        to_content_type=ContentType.objects.get_for_model(model),
    ).values_list("to_object_id", flat=True)
    return {int(pk) for pk in ids if str(pk).isdigit()}


def media_files(district, pages, model):
    ids = referenced_ids(pages, model)
    return model.objects.filter(
        models.Q(collection__in=district_collections(district)) | models.Q(pk__in=ids)
    ).order_by("pk")


def file_record(item, folder):
    record = {
        "id": item.pk,
        "title": item.title,
        "file": f"{folder}/{item.pk}-{item.file.name.rsplit('/', 1)[-1]}",
        "collection": item.collection.name,
        "tags": sorted(item.tags.names()),
        "created_at": item.created_at,
    }
    for name in ("width", "height", "focal_point_x", "focal_point_y", "focal_point_width", "focal_point_height"):
        if hasattr(item, name):
            record[name] = getattr(item, name)
    return record


def export_district(district, out, *, mask=True, log=lambda message: None):
    """Write the archive to `out` (a path or a binary file); return the manifest."""
    pages = district_pages(district)
    manifest = {
        "format": FORMAT,
        "district": {"code": district.code, "name": district.name},
        "created_at": timezone.now(),
        "personal_data": "masked" if mask else "unmasked",
        "counts": {},
    }
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        page_records = [page_record(page) for page in pages.specific()]
        archive.writestr("pages.json", _json(page_records))
        manifest["counts"]["pages"] = len(page_records)
        manifest["counts"]["revisions"] = sum(len(p["revisions"]) for p in page_records)
        log(f"页面 {len(page_records)} 个")

        for name, resource_class in DATASETS.items():
            resource = resource_class()
            headers, rows = exports.export_rows(resource, resource.export_queryset(district), mask=mask)
            archive.writestr(f"rosters/{name}.xlsx", exports.to_xlsx(headers, rows, title=resource.label))
            manifest["counts"][f"rosters/{name}"] = len(rows)
            log(f"{resource.label} {len(rows)} 行")

        records = {}
        for model in district_owned_models():
            rows = [row_record(row, mask) for row in model._default_manager.filter(district=district).order_by("pk")]
            if rows:
                records[model._meta.label_lower] = rows
                manifest["counts"][model._meta.label_lower] = len(rows)
        archive.writestr("records.json", _json(records))

        for folder, model in (("images", get_image_model()), ("documents", get_document_model())):
            items = []
            for item in media_files(district, pages, model):
                record = file_record(item, folder)
                try:
                    with item.file.open("rb") as handle:
                        archive.writestr(record["file"], handle.read())
                except FileNotFoundError:
                    record["missing"] = True  # listed, so the gap is visible
                items.append(record)
            archive.writestr(f"{folder}.json", _json(items))
            manifest["counts"][folder] = len(items)
            log(f"{'图片' if folder == 'images' else '文档'} {len(items)} 个")

        manifest["finished_at"] = dt.datetime.now(dt.UTC)
        archive.writestr("manifest.json", _json(manifest))
    return manifest
