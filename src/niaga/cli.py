"""The `niaga` console command: Django's management commands with Niaga's settings."""

import os
import sys

from django.core.management import execute_from_command_line


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "niaga.settings")
    execute_from_command_line(["niaga", *sys.argv[1:]])


if __name__ == "__main__":
    main()
