from django import template

from hotro.mail.health import mail_health

register = template.Library()


@register.inclusion_tag("mail/_health/banner.html")
def mail_health_banner() -> dict[str, object]:
    """The console's warning strip: shown to every agent while mail is not flowing."""
    return {"health": mail_health()}
