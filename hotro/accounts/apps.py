from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hotro.accounts"
    label = "accounts"

    def ready(self) -> None:
        from hotro.accounts import signin_audit

        signin_audit.connect()
