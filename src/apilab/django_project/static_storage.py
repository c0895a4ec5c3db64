"""Static file URLs that follow the request's script prefix (the hub's proxy path, if any).

Through JupyterHub a learner's browser reaches an in-kernel Django at
``/user/<name>/proxy/absolute/<port>/`` while the kernel's own requests come
without a prefix; Django's relative ``STATIC_URL`` is prefixed once and then
cached, so it cannot serve both. This storage prefixes each URL when it is made.
"""

from django.contrib.staticfiles.storage import StaticFilesStorage
from django.urls import get_script_prefix


class ScriptPrefixStaticStorage(StaticFilesStorage):
    """Django's static files storage with the current request's script prefix before each URL."""

    def url(self, name):
        return get_script_prefix().rstrip("/") + super().url(name)
