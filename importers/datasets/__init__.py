"""Every dataset of the spec, by the name `import_data` and `export_data` take."""

from .attendance import AttendanceResource
from .demands import DemandRecordResource, DemandSummaryResource
from .grids import GridResource
from .people import CommunityWorkerResource, GridWorkerResource, PartyCheckinResource, VolunteerResource
from .services import ServiceResource

DATASETS = {
    resource.dataset_name: resource
    for resource in (
        GridResource,
        GridWorkerResource,
        CommunityWorkerResource,
        VolunteerResource,
        PartyCheckinResource,
        AttendanceResource,
        DemandRecordResource,
        DemandSummaryResource,
        ServiceResource,
    )
}
