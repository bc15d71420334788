"""Server-side pieces that are not Dash wiring: jobs, guards, headers, auth, exports."""
