"""``python -m cli`` runs the smallcap-monitor command line."""

from cli import main

main()
