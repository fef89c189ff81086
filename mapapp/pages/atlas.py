"""The app's Atlas page. Streamlit lists each script in pages/, next to app.py, as a page of the app (in the
sidebar's navigation); the page itself is mapapp.app_atlas."""

import sys
from pathlib import Path

# As in app.py: the repo root on sys.path for `import mapapp`, and mapapp/ (and this folder) off it, so that
# mapapp's modules are not also top-level names. Needed here too: a page can be opened without app.py running.
_PACKAGE = Path(__file__).resolve().parent.parent
sys.path[:] = [str(_PACKAGE.parent)] + [p for p in sys.path if Path(p or ".").resolve() not in
                                        {_PACKAGE, _PACKAGE.parent, _PACKAGE / "pages"}]

from mapapp.app_atlas import main  # noqa: E402

main()
