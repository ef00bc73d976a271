from .catalog import ServiceCatalogPage
from .guides import RelatedService, ServiceGuidePage, ServiceMaterial, ServiceQuestion, ServiceStep
from .places import ServicePlace
from .taxonomy import LifeSituation, ServiceCategory

__all__ = [
    "LifeSituation",
    "RelatedService",
    "ServiceCatalogPage",
    "ServiceCategory",
    "ServiceGuidePage",
    "ServiceMaterial",
    "ServicePlace",
    "ServiceQuestion",
    "ServiceStep",
]
