#!/usr/bin/env python
"""Django's command-line utility for this project."""

import os
import sys
from pathlib import Path

# `site/` is a source folder, not a package: the stdlib owns the name `site`.
sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
