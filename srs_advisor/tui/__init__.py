"""The terminal UI (Textual). It asks the engine and draws what the engine answers."""
