"""IslandRun tray app (Qt); a client of the daemons local API."""
