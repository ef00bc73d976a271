"""Which saved, deleted or published things make cached pages obsolete, and whose.

- Pages: published, unpublished, deleted, moved (Wagtail's signals; a plain save that is not
  just a draft too), put behind a password or login or freed (PageViewRestriction). The page's
  district, and the districts of pages and snippets that link to it (Wagtail's reference
  index): a link's title and URL come from the linked page.
  A district home page, a portal page or a move: every page (navigation and URLs change).
- Models of the project's own apps (snippets, rosters, districts, events' sign-ups, demand
  figures, centres…): the row's district if it has one, else every page. Rows saved along
  with a page's revision (ParentalKey to a page) are covered by the page's own signals.
- Images, documents and Wagtail sites: every page.
Bulk writes send no signals: importers.engine, importers.undo and demands.figures call
pagecache.invalidate themselves.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save
from modelcluster.fields import ParentalKey
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import invalidate, scopes
from .invalidate import GLOBAL, PORTAL

# Bookkeeping that no public page shows; imports invalidate through the engine instead.
IGNORED_APPS = {"importers", "pagecache"}
# A save that only records a draft, a lock or a workflow step leaves the live page as it was.
DRAFT_FIELDS = {
    "wagtail_admin_comments",
    "latest_revision_created_at",
    "draft_title",
    "latest_revision",
    "has_unpublished_changes",
    "locked",
    "locked_by",
    "locked_at",
}


def project_models():
    """Concrete models of the apps that live in this project's folder (new apps join by themselves)."""
    root = Path(settings.BASE_DIR).resolve()
    venv = root / ".venv"
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if config.label in IGNORED_APPS or not path.is_relative_to(root) or path.is_relative_to(venv):
            continue
        for model in config.get_models():
            if issubclass(model, Page) or saved_with_a_page(model):
                continue
            yield model


def saved_with_a_page(model):
    return any(isinstance(field, ParentalKey) and issubclass(field.related_model, Page) for field in model._meta.fields)


# -- pages ----------------------------------------------------------------------------------


def page_scopes(page):
    """The scopes a change of `page` touches."""
    from districts.models import DistrictHomePage, PortalHomePage

    specific_class = page.specific_class or type(page)
    if (page.depth or 0) <= 2 or issubclass(specific_class, (DistrictHomePage, PortalHomePage)):
        return {GLOBAL}
    homes = scopes.district_homes()
    found = {scopes.scope_of_url_path(page.url_path, homes), PORTAL}
    references = ReferenceIndex.get_references_to(page).values_list("base_content_type", "object_id").distinct()
    by_type = {}
    for content_type_id, object_id in references:
        by_type.setdefault(content_type_id, set()).add(object_id)
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None and issubclass(model, Page):
            paths = Page.objects.filter(pk__in=ids).values_list("url_path", flat=True)
            found |= {scopes.scope_of_url_path(path, homes) for path in paths}
        elif model is not None and any(f.name == "district" for f in model._meta.fields):
            districts = model.objects.filter(pk__in=ids).values_list("district_id", flat=True)
            found |= {invalidate.district_scope(pk) for pk in districts if pk}
        else:
            return {GLOBAL}
    return found


def page_changed(instance, **kwargs):
    invalidate.bump(*page_scopes(instance))


def page_saved(instance, update_fields=None, raw=False, **kwargs):
    if raw or (update_fields is not None and set(update_fields) <= DRAFT_FIELDS):
        return
    page_changed(instance)


def page_moved(**kwargs):
    invalidate.everything()


def privacy_changed(instance, raw=False, **kwargs):
    """A page put behind a password or login (or freed): its cached copy, and the lists and
    feeds that show it, must not outlive the change."""
    if not raw:
        page_changed(instance.page)


# -- other models ---------------------------------------------------------------------------


def row_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    invalidate.district(getattr(instance, "district_id", None))


def relation_changed(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        invalidate.district(getattr(instance, "district_id", None))


def everything_changed(raw=False, **kwargs):
    if not raw:
        invalidate.everything()


def connect():
    page_published.connect(page_changed, dispatch_uid="pagecache.published")
    page_unpublished.connect(page_changed, dispatch_uid="pagecache.unpublished")
    post_page_move.connect(page_moved, dispatch_uid="pagecache.moved")
    post_delete.connect(page_changed, sender=Page, dispatch_uid="pagecache.page_deleted")
    post_save.connect(privacy_changed, sender=PageViewRestriction, dispatch_uid="pagecache.privacy_saved")
    post_delete.connect(privacy_changed, sender=PageViewRestriction, dispatch_uid="pagecache.privacy_deleted")
    for model in apps.get_models():
        if issubclass(model, Page):
            post_save.connect(page_saved, sender=model, dispatch_uid=f"pagecache.page_saved.{model._meta.label}")
    for model in (get_image_model(), get_document_model(), Site):
        label = model._meta.label
        post_save.connect(everything_changed, sender=model, dispatch_uid=f"pagecache.saved.{label}")
        post_delete.connect(everything_changed, sender=model, dispatch_uid=f"pagecache.deleted.{label}")
    for model in project_models():
        label = model._meta.label
        post_save.connect(row_changed, sender=model, dispatch_uid=f"pagecache.saved.{label}")
        post_delete.connect(row_changed, sender=model, dispatch_uid=f"pagecache.deleted.{label}")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(relation_changed, sender=through, dispatch_uid=f"pagecache.m2m.{through._meta.label}")
