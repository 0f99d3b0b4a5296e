from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "provider_name": settings.HOTRO_PROVIDER_NAME,
        "hotline": settings.HOTRO_HOTLINE,
    }
