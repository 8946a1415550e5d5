import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

PASSWORD_FILE = settings.BASE_DIR / "var" / "local-admin-password.txt"


class Command(BaseCommand):
    help = (
        "With DEBUG on, create a local superuser 'admin' with a random password (printed once and kept in "
        "var/local-admin-password.txt). With DEBUG off, only explain how to create an account."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        if not settings.DEBUG:
            self.stdout.write("Create an admin account with: .venv/bin/python manage.py createsuperuser")
            return
        if User.objects.filter(username="admin").exists():
            hint = f" (password in {PASSWORD_FILE.relative_to(settings.BASE_DIR)})" if PASSWORD_FILE.exists() else ""
            self.stdout.write(f"Local admin account: admin{hint}")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", "", password)
        PASSWORD_FILE.parent.mkdir(parents=True, exist_ok=True)
        PASSWORD_FILE.write_text(password + "\n")
        PASSWORD_FILE.chmod(0o600)
        self.stdout.write(self.style.SUCCESS(f"Created local admin account: admin / {password}"))
        self.stdout.write(f"(kept in {PASSWORD_FILE.relative_to(settings.BASE_DIR)}; local development only)")
