from .base import DistrictOwned
from .geography import Community, Grid, Street
from .rosters import CommunityWorker, GridWorker, PartyCheckin, Person, Volunteer, VolunteerTeam

__all__ = [
    "Community",
    "CommunityWorker",
    "DistrictOwned",
    "Grid",
    "GridWorker",
    "PartyCheckin",
    "Person",
    "Street",
    "Volunteer",
    "VolunteerTeam",
]
