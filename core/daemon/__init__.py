"""The daemon (``islandrun serve``): the request pipeline behind a secure local API."""
