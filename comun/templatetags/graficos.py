"""{% grafico svg %}: a chart of comun.graficos put into a page with the request's CSP nonce.

pygal styles each chart with a <style> inside its inline SVG. The Content-Security-Policy
(config/settings.py) applies no inline style without the nonce of the request, so the tag gives it to
each <style>: the page's header then carries that nonce (django-csp adds it only when a page used it).
Without a request (a PDF) the chart goes in as it is.
"""

import re

from django import template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

register = template.Library()

ESTILO = re.compile(r"<style(?=[\s>])")


@register.simple_tag(takes_context=True)
def grafico(context, svg) -> str:
    marcado = conditional_escape(svg)  # only markup already marked safe (comun.graficos) keeps its tags
    nonce = getattr(context.get("request"), "csp_nonce", None)
    if nonce is None:
        return marcado
    return mark_safe(ESTILO.sub(f'<style nonce="{escape(str(nonce))}"', marcado))  # noqa: S308
