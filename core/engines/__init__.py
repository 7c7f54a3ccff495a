"""SHORE: the local engine on llama.cpp, the embedded model, models found on disk."""
