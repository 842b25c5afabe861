"""The desktop app (Qt). Views only show and ask; they call the core's services."""
