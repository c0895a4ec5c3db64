"""Where the course's folders are, for tests in any folder (tests/ is on sys.path)."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO_ROOT / "notebooks"
