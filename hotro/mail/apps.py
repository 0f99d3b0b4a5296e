from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "hotro.mail"
    label = "mail"
