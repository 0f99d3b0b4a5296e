from django.urls import path

from hotro.chat import views

app_name = "chat"

urlpatterns = [
    path("chat/widget.js", views.widget_js, name="widget_js"),
    path("console/chat/", views.console, name="console"),
    path("console/chat/<int:pk>/", views.transcript, name="transcript"),
]
