"""Notes: what the conversation writes for people to read. Imports no Textual."""
