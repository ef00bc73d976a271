from django.apps import AppConfig
from django.db.models.signals import post_migrate


def grant_calendar_permissions(sender, **kwargs):
    """Districts provisioned before this app existed get its permissions too (districts.provisioning
    gives them to districts provisioned from now on)."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Permission

    from districts.models import DistrictRole
    from districts.provisioning import MODEL_PERMISSIONS

    # This handler may run before auth's own for this app: make sure the permissions exist.
    create_permissions(sender, verbosity=0, using=kwargs.get("using", "default"))
    for district_role in DistrictRole.objects.using(kwargs.get("using", "default")).select_related("group"):
        codenames = [p.split(".")[1] for p in MODEL_PERMISSIONS[district_role.role] if p.startswith("centres.")]
        permissions = Permission.objects.filter(content_type__app_label="centres", codename__in=codenames)
        district_role.group.permissions.add(*permissions)


class CentresConfig(AppConfig):
    name = "centres"
    verbose_name = "党群服务中心"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(grant_calendar_permissions, sender=self, dispatch_uid="centres-grant-permissions")
