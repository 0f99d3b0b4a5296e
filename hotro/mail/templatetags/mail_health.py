from django import template
from django.core.cache import cache

from hotro.mail.health import mail_health

register = template.Library()

# Three queries on every console page were a fifth of a queue page's database time; a banner
# that appears up to half a minute late still tells every agent long before anyone would notice.
BANNER_CACHE_SECONDS = 30


@register.inclusion_tag("mail/_health/banner.html")
def mail_health_banner() -> dict[str, object]:
    """The console's warning strip: shown to every agent while mail is not flowing."""
    return {"health": cache.get_or_set("hotro:mail-health", mail_health, BANNER_CACHE_SECONDS)}
