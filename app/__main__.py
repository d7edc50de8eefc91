import sys

from app.startup_gc import pause_collector

pause_collector()  # this process is the command: see app.startup_gc

from app.cli import main  # noqa: E402

sys.exit(main())
