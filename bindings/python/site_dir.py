"""Print the site-packages directory of this Python that lies under the
install prefix given as the argument, if it has one (used by meson.build)."""
import os
import site
import sys

prefix = os.path.realpath(sys.argv[1])
for d in site.getsitepackages():
    try:
        rel = os.path.relpath(os.path.realpath(d), prefix)
    except ValueError:  # another drive
        continue
    if rel.lower().startswith("lib"):
        print(d)
        break
