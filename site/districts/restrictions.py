"""A page's view restrictions in one query.

Wagtail's `Page.get_view_restrictions()` first loads the page's ancestors (one query) to learn
which are aliases, then asks for their restrictions (a second). The ancestors' tree paths follow
from the page's own path, so one query with a subquery gives the same answer: the restrictions of
this page and of every ancestor, an alias standing for its source page.
"""

from django.db.models.functions import Coalesce
from wagtail.models import Page, PageViewRestriction


def ancestor_paths(path, inclusive=True):
    """Tree paths of the pages above `path` (and `path` itself when inclusive), root first."""
    step = Page.steplen
    end = len(path) + (step if inclusive else 0)
    return [path[:length] for length in range(step, end, step)]


class ViewRestrictionsInOneQuery:
    """For Page subclasses: Wagtail checks view restrictions on every request it serves."""

    def get_view_restrictions(self):
        sources = (
            Page.objects.filter(path__in=ancestor_paths(self.path))
            .annotate(source=Coalesce("alias_of_id", "id"))
            .values("source")
        )
        return PageViewRestriction.objects.filter(page_id__in=sources)
