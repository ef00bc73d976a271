from django.db import models


class Generation(models.Model):
    """A version number of the cached pages of one scope: "global", "portal" or "district:<id>".

    Kept in the database rather than the cache so that every process sees a bump at once and
    a cache that lost keys or was unreachable during a change cannot make an old page current."""

    scope = models.CharField("范围", max_length=40, unique=True)
    number = models.BigIntegerField("版本", default=0)

    class Meta:
        verbose_name = "页面缓存版本"
        verbose_name_plural = "页面缓存版本"

    def __str__(self):
        return f"{self.scope} #{self.number}"
