#!/usr/bin/env python
"""Django's command-line utility for 创孵 CMS."""

import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
# site/ holds config and the site-wide apps; it is a folder on the path, not a package (see README).
sys.path.insert(0, str(BASE_DIR / "site"))


def main():
    from config.env import load_dotenv

    load_dotenv()
    # An exported but empty DJANGO_SETTINGS_MODULE counts as unset (setdefault would keep "").
    if not os.environ.get("DJANGO_SETTINGS_MODULE"):
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
