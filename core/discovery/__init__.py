"""LIGHTHOUSE: the user's personal island group over the LAN.

Self-contained pieces the daemon wires together (see docs/discovery.md):

- :mod:`.identity`: this device's key pair and self-signed certificate; the device id is the
  certificate's SHA-256 fingerprint;
- :mod:`.pairing`: the 6-digit comparison code both sides confirm, and the allow-list of paired
  devices; :mod:`.pairing_exchange`: the commit / nonce / reveal steps that produce the code;
- :mod:`.mdns`: advertising and browsing ``_islandrun._tcp.local.`` with python-zeroconf;
- :mod:`.tls`: mutual-TLS contexts that accept only pinned (paired) certificates;
- :mod:`.registry`: one view per device (unpaired / waiting / live / down), heartbeats, the
  on-disk cache of paired devices' last addresses.
"""
