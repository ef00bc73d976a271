"""Making cached pages obsolete: bump the generations of what a change touches.

Call these after writing what pages display in a way that sends no model signal (bulk
writes, queryset updates). Model saves and deletes, page publishing, moving and deleting are
caught by pagecache.signals. A bump runs once the surrounding transaction has committed: a
request that reads the new number then also reads the new data, and a bump never holds a lock
while a long import is still writing.
"""

import logging

from django.db import transaction
from django.db.models import F

from .models import Generation

GLOBAL, PORTAL = "global", "portal"
logger = logging.getLogger(__name__)


def district_scope(district_id):
    return f"district:{district_id}"


def district(district_or_id):
    """The pages of one district changed: its pages and the portal's (which list every district)."""
    pk = getattr(district_or_id, "pk", district_or_id)
    bump(district_scope(pk), PORTAL) if pk else everything()


def everything():
    """Something every page may show changed (an image, a district's name, a site)."""
    bump(GLOBAL)


def bump(*scopes):
    scopes = sorted(set(scopes))
    transaction.on_commit(lambda: bump_now(scopes), robust=True)


def bump_now(scopes):
    """Two short statements at most: one UPDATE, and an INSERT the first time a scope changes."""
    updated = Generation.objects.filter(scope__in=scopes).update(number=F("number") + 1)
    if updated < len(scopes):
        # Rows read as 0 until they exist; a row created by a concurrent bump counts as a bump too.
        Generation.objects.bulk_create([Generation(scope=s, number=1) for s in scopes], ignore_conflicts=True)
    logger.debug("page cache: bumped %s", ", ".join(scopes))
