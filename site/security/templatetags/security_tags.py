"""{% csp_style %}…{% endcsp_style %}: an inline <style> the Content-Security-Policy allows by its hash.

The response's policy lists the sha256 of exactly what was rendered, so no other inline style
(an injected one included) applies. Values inside are autoescaped like any template text: a stray
"</style>" cannot end the element.
"""

import base64
import hashlib

from django import template
from django.utils.html import format_html

from security.headers import add_style_hash

register = template.Library()


class CspStyleNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        css = self.nodelist.render(context).strip()
        if not css:
            return ""
        request = context.get("request")
        if request is not None:
            digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
            add_style_hash(request, f"sha256-{digest}")
        return format_html("<style>{}</style>", css)


@register.tag
def csp_style(parser, token):
    nodelist = parser.parse(("endcsp_style",))
    parser.delete_first_token()
    return CspStyleNode(nodelist)
