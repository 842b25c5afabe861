"""The pages of the main window; each lays out and asks, the services do the work."""
