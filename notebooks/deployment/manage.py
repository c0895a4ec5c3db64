#!/usr/bin/env python
"""Django's command-line tool for this project: ``python manage.py migrate``, ``check --deploy``, ..."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "production_settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
