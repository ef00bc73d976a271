"""What a guide may link to: the categories, life situations and centres of its own district."""


def district_errors(home, guide, places=()):
    """{field: message} for links of `guide` that leave the district of `home` (its district home page)."""
    district = home.district
    errors = {}
    category = guide.category if guide.category_id else None
    if category is not None and category.district_id != district.pk:
        errors["category"] = f"服务类别“{category}”属于另一个行政区，请选择{district.name}的类别。"
    foreign = [s.name for s in guide.life_situations.all() if s.district_id != district.pk]
    if foreign:
        errors["life_situations"] = f"生活情境“{'、'.join(foreign)}”属于另一个行政区。"
    place_errors = [message for place in places for message in place_errors_of(home, place)]
    if place_errors:
        errors["__all__"] = place_errors
    return errors


def place_errors_of(home, place):
    """Messages for one place row: a centre of the district (or a name), a window of that centre."""
    centre = place.centre if place.centre_id else None
    if centre is None and not place.name.strip():
        return ["每个办理地点须选择服务中心或填写地点名称。"]
    messages = []
    if centre is not None and not centre.path.startswith(home.path):
        messages.append(f"服务中心“{centre.title}”属于另一个行政区，只能选择{home.district.name}的服务中心。")
    window = place.window if place.window_id else None
    if window is not None and window.centre_id != place.centre_id:
        messages.append(f"窗口“{window.name}”不属于所选的服务中心，请在该中心的窗口中选择。")
    return messages
