"""Template helpers for search engines and link previews: one page title and description shared by
the title element, Open Graph and Twitter tags; the canonical address; absolute URLs; schema.org JSON-LD data blocks.

A template builtin (see settings.TEMPLATES), so no {% load %} is needed.
"""

import html
import json
from urllib.parse import urlencode

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from delgosea import structured_data
from delgosea.cache import PAGE_PARAMETERS
from delgosea.templatetags.portal import path_in_language

register = template.Library()

# As in django.utils.html.json_script: nothing in the data can close the <script> element or start markup.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


class CaptureNode(template.Node):
    # Named `nodelist` so that {% block %} tags inside are found and overridden by child templates.
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # Back to plain text (tags dropped, entities decoded); wherever it is output it is escaped again.
        context[self.name] = " ".join(html.unescape(strip_tags(self.nodelist.render(context))).split())
        return ""


@register.tag
def capture(parser, token):
    """{% capture as name %}…{% endcapture %}: render the content once, as plain text, into `name`."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% capture as name %}…{% endcapture %}.")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag(takes_context=True)
def canonical_query(context):
    """The query string of the page's canonical address: the parameters of the URL contract that have a value, in
    the order asked, without `page=1`. Any other parameter (utm_source, a typo) names the same page, so it is
    dropped. Empty for an unfiltered first page; a page whose canonical address has a query is not indexed."""
    params = [
        (name, value)
        for name, values in context["request"].GET.lists()
        if name in PAGE_PARAMETERS
        for value in values
        if value.strip() and not (name == "page" and value.strip() == "1")
    ]
    return urlencode(params)


@register.simple_tag(takes_context=True)
def absolute_language_url(context, code):
    """The page's canonical address in language `code`, absolute: the canonical link, og:url and the hreflang
    alternates. The host is the request's, which ALLOWED_HOSTS (and HostPortMiddleware for a port) vouch for."""
    request = context["request"]
    path = path_in_language(request.path, code)
    query = canonical_query(context)
    return request.build_absolute_uri(f"{path}?{query}" if query else path)


@register.simple_tag(takes_context=True)
def absolute_static(context, path):
    return context["request"].build_absolute_uri(static(path))


@register.filter
def ld_json(data):
    """`data` as the text of a JSON-LD data block, which browsers never execute (the CSP's script-src does not
    apply): escaped like json_script, so nothing in it can close the <script> element or start markup."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES))


@register.simple_tag(takes_context=True)
def practice_ld(context, practice, sdgs=()):
    return structured_data.practice(context["request"], practice, sdgs)


@register.simple_tag(takes_context=True)
def pilot_ld(context, pilot):
    return structured_data.pilot(context["request"], pilot)


@register.simple_tag(takes_context=True)
def municipality_ld(context, place):
    return structured_data.municipality(context["request"], place)


@register.simple_tag(takes_context=True)
def partner_ld(context, partner):
    return structured_data.partner(context["request"], partner)


@register.simple_tag(takes_context=True)
def website_ld(context):
    return structured_data.website(context["request"])
