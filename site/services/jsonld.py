"""schema.org GovernmentService for a guide: its provider (the district) and the channels —
the centres that offer it, with their address and phone, and the online link."""


def _place(place, request):
    centre = getattr(place, "centre", None)
    if centre is not None:
        data = {"@type": "CivicStructure", "name": centre.title, "url": centre.get_full_url(request)}
        address = getattr(centre, "address", "")
    else:
        data = {"@type": "Place", "name": place.label}
        address = place.address
    if address:
        data["address"] = {"@type": "PostalAddress", "streetAddress": address, "addressCountry": "CN"}
    return data


def government_service(guide, request):
    parts = guide.parts()
    data = {
        "@type": "GovernmentService",
        "name": guide.title,
        "url": guide.get_full_url(request),
        "description": guide.description,
        "serviceType": parts.category.name,
        "audience": {"@type": "Audience", "audienceType": guide.audience},
        "inLanguage": "zh-CN",
    }
    if guide.code:
        data["identifier"] = guide.code
    provider = guide.publisher_data(request)
    if provider:
        data["provider"] = provider
        data["areaServed"] = {"@type": "AdministrativeArea", "name": provider["name"]}
    channels = []
    phone = guide.consult_phone.split("、")[0] if guide.consult_phone else ""
    for place in parts.places:
        channel = {"@type": "ServiceChannel", "name": place.label, "serviceLocation": _place(place, request)}
        if phone:
            channel["servicePhone"] = {"@type": "ContactPoint", "telephone": phone}
        channels.append(channel)
    if guide.online_url:
        channels.append(
            {"@type": "ServiceChannel", "name": guide.online_name or "在线办理", "serviceUrl": guide.online_url}
        )
    if channels:
        data["availableChannel"] = channels
    return data
