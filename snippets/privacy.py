"""Phone and ID numbers are stored whole and shown masked, unless the user may see them."""

PERSONAL_DATA_PERMISSION = "snippets.view_personal_data"


def can_view_personal_data(user):
    return bool(user and user.has_perm(PERSONAL_DATA_PERMISSION))


def mask_mobile(value):
    """139****2345"""
    return f"{value[:3]}****{value[-4:]}" if value and len(value) >= 8 else value


def mask_id_number(value):
    """630102********1234"""
    return f"{value[:6]}********{value[-4:]}" if value and len(value) >= 10 else value


def mask_phone(value):
    """A mobile as 139****2345; a landline keeps its area code: 0971-****456."""
    if not value:
        return value
    if "-" in value:
        area, number = value.split("-", 1)
        return f"{area}-{'*' * max(len(number) - 3, 0)}{number[-3:]}"
    return mask_mobile(value)
