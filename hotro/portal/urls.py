from django.http import HttpResponse
from django.urls import path

app_name = "portal"

urlpatterns = [
    path("", lambda r: HttpResponse("Hotro"), name="home"),
    path("tickets/", lambda r: HttpResponse(""), name="ticket_list"),
    path("tickets/new/", lambda r: HttpResponse(""), name="ticket_new"),
]
