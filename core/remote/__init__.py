"""HORIZON: remote execution on islands beyond this device (cloud APIs, private edge servers, peers).

:class:`~islandrun.core.remote.dispatcher.RemoteDispatcher` sends one chat request to the first
island of an ordered candidate list that answers, over the OpenAI-compatible chat completions API
or Anthropic's Messages API, sanitizing on the way out whenever trust drops and restoring on the
way back. Credentials come only from the OS keyring (:mod:`.credentials`). See docs/remote.md.
"""
