"""Coordinates: the check that a place is in China, and distances and walking times between places."""

import math
from decimal import Decimal

# China's extent (incl. 南海诸岛 to 18°N for the mainland-and-Hainan box used here, and Taiwan).
LAT_RANGE = (Decimal("18.0"), Decimal("53.6"))
LNG_RANGE = (Decimal("73.4"), Decimal("135.1"))
EARTH_RADIUS_M = 6_371_000
WALKING_METRES_PER_MINUTE = 80


def in_china(lat, lng):
    return LAT_RANGE[0] <= Decimal(lat) <= LAT_RANGE[1] and LNG_RANGE[0] <= Decimal(lng) <= LNG_RANGE[1]


def coordinate_errors(lat, lng):
    """{field: message} for coordinates that are half given or outside China."""
    if lat is None and lng is None:
        return {}
    if lat is None or lng is None:
        missing = "latitude" if lat is None else "longitude"
        return {missing: "纬度和经度须同时填写，或同时留空。"}
    if in_china(lat, lng):
        return {}
    message = f"坐标（纬度 {lat}，经度 {lng}）不在中国境内，请检查。"
    if in_china(lng, lat):
        message += "看起来纬度和经度填反了：纬度在前（例如 36.6），经度在后（例如 101.8）。"
    elif Decimal(lng) < 0 or Decimal(lat) < 0:
        message += "中国境内的纬度和经度都是正数（北纬、东经）。"
    return {"latitude": message}


def haversine_m(lat1, lng1, lat2, lng2):
    """Great-circle distance in metres."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    dphi = phi2 - phi1
    dlmb = math.radians(float(lng2) - float(lng1))
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def walking_minutes(metres):
    """Minutes on foot at 80 m a minute, at least 1."""
    return max(1, math.ceil(metres / WALKING_METRES_PER_MINUTE))


def distance_text(metres):
    return f"{round(metres / 10) * 10:.0f} 米" if metres < 1000 else f"{metres / 1000:.1f} 公里"


def tel_link(number):
    """A tel: link for a phone number as it is written (0971-8123456 → tel:09718123456)."""
    return "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+") if number else ""
