"""Residents' mobile and ID numbers never reach a log line or an error e-mail.

MaskPersonalData is on every logging handler (settings.LOGGING): it rewrites the record's message
and traceback text. MaskingAdminEmailHandler masks the whole 500 e-mail, which also quotes the
request's GET/POST data and the traceback's local variables.
"""

import logging
import re

from django.utils.log import AdminEmailHandler

from snippets.privacy import mask_id_number, mask_mobile

# A mainland mobile (maybe written 139 1234 5678 or 139-1234-5678) or an 18-character ID number,
# not part of a longer run of digits.
MOBILE = re.compile(r"(?<![\dA-Za-z])1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)")
ID_NUMBER = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")


def mask_text(text):
    text = ID_NUMBER.sub(lambda m: mask_id_number(m.group()), text)
    return MOBILE.sub(lambda m: mask_mobile(re.sub(r"[ -]", "", m.group())), text)


class MaskPersonalData(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        return True


class MaskingAdminEmailHandler(AdminEmailHandler):
    """Django's 500 e-mail, with the request data and traceback variables it quotes masked."""

    def send_mail(self, subject, message, *args, **kwargs):
        if kwargs.get("html_message"):
            kwargs["html_message"] = mask_text(kwargs["html_message"])
        super().send_mail(mask_text(subject), mask_text(message), *args, **kwargs)
