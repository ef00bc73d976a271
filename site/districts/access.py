"""The one district permission policy: who may see and touch which district's rows.

A user belongs to the districts whose groups (DistrictRole) they are in;
superusers belong to all. Every district-owned model is scoped here, in
admin listings, object views, choosers, exports, the API and the importers.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy

from .models import District

_CACHE_ATTR = "_district_ids_cache"


def district_ids_for(user):
    """The ids of the districts `user` works for (None meaning all, for superusers)."""
    if user is None or not user.is_active or user.is_anonymous:
        return frozenset()
    if user.is_superuser:
        return None
    ids = getattr(user, _CACHE_ATTR, None)
    if ids is None:
        ids = frozenset(District.objects.filter(roles__group__user=user).values_list("pk", flat=True))
        setattr(user, _CACHE_ATTR, ids)
    return ids


def districts_for(user):
    ids = district_ids_for(user)
    return District.objects.all() if ids is None else District.objects.filter(pk__in=ids)


def district_lookup(model):
    """The ORM path from `model` to its district's id."""
    return "pk" if model is District else getattr(model, "district_lookup", "district")


def scope(queryset, user):
    """Only the rows of `queryset` that belong to `user`'s districts."""
    ids = district_ids_for(user)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{district_lookup(queryset.model)}__in": ids})


def district_id_of(instance):
    if isinstance(instance, District):
        return instance.pk
    path = district_lookup(type(instance))
    obj = instance
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


def can_access(user, instance):
    ids = district_ids_for(user)
    return ids is None or district_id_of(instance) in ids


class DistrictPermissionPolicy(ModelPermissionPolicy):
    """Django model permissions, narrowed to the rows of the user's districts."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and can_access(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and can_access(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return scope(self.model._default_manager.all(), user)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.users_with_any_permission(actions)
        in_district = Q(groups__district_role__district_id=district_id_of(instance))
        return users.filter(in_district | Q(is_superuser=True)).distinct()

    def users_with_permission_for_instance(self, action, instance):
        return self.users_with_any_permission_for_instance([action], instance)


def users_of(district):
    return get_user_model().objects.filter(groups__district_role__district=district).distinct()
