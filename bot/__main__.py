"""`python -m bot`: run, chat, db upgrade, demo."""

from .cli import main

raise SystemExit(main())
