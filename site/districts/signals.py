"""A district home page, once saved, gets its district's groups, collection and permissions."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import DistrictHomePage
from .provisioning import provision_district


@receiver(post_save, sender=DistrictHomePage)
def provision_on_save(sender, instance, raw=False, **kwargs):
    if not raw:
        provision_district(instance.district, instance)
